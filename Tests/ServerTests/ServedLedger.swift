import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Logging
import Server
import Testing
import TestSupport

/// A governed ledger in a temporary directory, served in process on a free loopback port:
/// admin (genesis), ops (operator) and dana (approver:finance), entries dated an hour apart up to now.
final class ServedLedger: @unchecked Sendable {
    let directory: TemporaryDirectory
    let ledger: FileLedger
    let admin: PrivateKey
    let ops: PrivateKey
    let dana: PrivateKey
    let service: GovernanceService
    private(set) var port = 0
    private var task: Task<Void, any Error>?

    var base: String { "http://127.0.0.1:\(port)" }

    init(notes: Int = 3) throws {
        directory = try TemporaryDirectory("served")
        admin = try PrivateKey.generate(.ed25519)
        ops = try PrivateKey.generate(.ed25519)
        dana = try PrivateKey.generate(.p256)
        let start = EntryTime(milliseconds: EntryTime.now().milliseconds - 86_400_000) ?? .now()
        ledger = try FileLedger.create(at: directory.file("ledger"), origin: "example.com/served", admin: admin,
                                       logKey: admin.publicKey, time: start).ledger
        service = GovernanceService(store: ledger)
        let signing = { (key: PrivateKey) in GovernanceService.Signing(key: key, time: .now(), future: .refused, wait: .noWait) }
        _ = try service.enrol("ops", roles: [.operator], key: ops.publicKey, signing(admin))
        _ = try service.enrol("dana", roles: Set([Role("approver:finance")].compactMap { $0 }), key: dana.publicKey, signing(admin))
        for n in 0..<notes {
            _ = try service.record("license.note", ["n": .integer(Int64(n))], signedBy: ops, at: .now())
        }
    }

    /// Starts the server; returns once it accepts connections.
    func start(limits: ServerLimits = ServerLimits(), publicEntries: Bool = false, activationKey: PrivateKey? = nil, leaseSeconds: Int = 900,
               intakeKey: PrivateKey? = nil) async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, limits: limits, storeThreads: 2, publicEntries: publicEntries,
                                                activationKey: activationKey, leaseSeconds: leaseSeconds, intakeKey: intakeKey)
        let server = LedgerServer(service: service, configuration: configuration,
                                  logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task {
            try await server.run(stopOnSignals: false, onListening: { port in continuation.yield(port) })
        }
        for await port in ports {
            self.port = port
            break
        }
    }

    /// Stops the server and waits for it to finish.
    func stop() async {
        task?.cancel()
        _ = try? await task?.value
    }

    /// Entries built and signed on the ledger's head now, as a client does: their exact lines.
    func signedLines(_ drafts: [EntryDraft], by key: PrivateKey, on tip: ChainTip? = nil) throws -> [[UInt8]] {
        let head = try tip ?? ledger.head()?.tip
        return try Chain.extend(after: head, with: drafts, signedBy: key, at: .now()).map(\.line)
    }

    func note(_ n: Int) -> EntryDraft { EntryDraft(type: "license.note", body: ["n": .integer(Int64(n))]) }

    /// The RFC 9421 fields that sign a GET of `target` (path and query) with `key`, created at `created`.
    static func signature(_ target: String, by key: PrivateKey, authority: String, created: Int64 = EntryTime.now().milliseconds / 1000) throws -> [String: String] {
        let signed = try MessageSignature.headers(for: MessageSignature.Message(method: "GET", target: target, authority: authority), key: key, created: created)
        return ["Signature-Input": signed.input, "Signature": signed.signature]
    }

    /// A GET of `target` signed by `key` (a staff read).
    func staffGet(_ target: String, as key: PrivateKey) async throws -> HTTPReply {
        try await HTTP.get(base + target, headers: try ServedLedger.signature(target, by: key, authority: authority))
    }

    /// What a client puts in the Host field for this server.
    var authority: String { "127.0.0.1:\(port)" }

    /// A signed GET of `target` that says it is for `other` (another server).
    func staffGet(_ target: String, as key: PrivateKey, signedFor other: String) async throws -> HTTPReply {
        try await HTTP.get(base + target, headers: try ServedLedger.signature(target, by: key, authority: other))
    }

    /// A GET of `target` with a customer's bearer token.
    func customerGet(_ target: String, token: String) async throws -> HTTPReply {
        try await HTTP.get(base + target, headers: ["Authorization": "Bearer " + token])
    }

    /// Lines joined as a POST body.
    static func body(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }

    /// Polls `/readyz` until the replay is done (a wait, not a timing assertion).
    func waitUntilReady() async throws {
        for _ in 0..<600 {
            if try await HTTP.get(base + "/readyz").status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server did not become ready")
    }
}
