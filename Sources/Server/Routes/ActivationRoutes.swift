import Foundation
import Governance
import GovernanceService
import Hummingbird
import Ledger
import LedgerCrypto
import NIOConcurrencyHelpers

/// Online activations (docs/licensing.md): a product holding a customer token with the `activate`
/// scope activates a machine against a license, renews a floating lease by heartbeat, and releases
/// it. The server records activations and deactivations with its activation key (an enrolled
/// principal with the role `activator`); heartbeats live in memory only. A floating lease not
/// renewed within the lease time frees its seat: the server records `lease-expired` before giving
/// the seat to another machine.
struct ActivationRoutes {
    let service: GovernanceService
    let pool: StorePool
    let limits: ServerLimits
    /// The activation key; without one, activating and releasing answer that the server does not take activations.
    let key: PrivateKey?
    let leases: Leases

    func register(on book: RouteBook) {
        let service = self.service, pool = self.pool, limits = self.limits, key = self.key, leases = self.leases
        book.get("/licenses/{id}/activations", access: .customerData) { _, context, grant in
            let license = try CustomerRoutes.license(context, grant, in: grant.state)
            // A customer sees the activations made with its own tokens, not a previous holder's.
            let all = (grant.state.activations[license.id] ?? []).filter { activation in
                guard case .customer = grant.caller else { return true }
                return grant.state.tokens[activation.token].map { grant.caller.mayRead(customer: $0.customer) } ?? false
            }
            return JSONResponse.make(.object(["license": .string(license.id), "seats": .integer(license.seats),
                                              "activations": .array(all.map { leases.document($0) })]))
        }
        book.on(.post, "/licenses/{id}/activations", access: .customerData) { request, context, grant in
            let (license, token) = try ActivationRoutes.product(context, grant)
            let key = try ActivationRoutes.enabled(key)
            var request = request
            let body = try JSONParser.parse(try await BodyReader.collect(&request, limits: limits))
            guard let fingerprint = body["fingerprint"]?.stringValue, (1...256).contains(fingerprint.utf8.count) else {
                throw APIError.badRequest("the body is {\"fingerprint\": <1-256 bytes the product chooses for the machine>, \"mode\": \"node\"|\"floating\"}")
            }
            guard let mode = (body["mode"]?.stringValue ?? "floating").flatMapMode else { throw APIError.badRequest("mode is node or floating") }
            let machine = ActivationEntry.machineHash(fingerprint)
            return try await leases.serially {
                try await pool.run {
                    let state = try service.state()
                    let status = state.licenses[license]?.status(at: EntryTime.now()) ?? .terminated
                    guard status == .active else { throw ActivationRoutes.notActive(license, status) }
                    if let existing = state.activeActivations(of: license).first(where: { $0.machine == machine }) {
                        leases.renew(existing)
                        return JSONResponse.make(leases.document(existing))
                    }
                    // Seats held by floating leases that ran out are freed first, on the record.
                    let lapsed = leases.lapsed(state.activeActivations(of: license))
                    if let held = state.licenses[license]?.seats, Int64(state.activeActivations(of: license).count) >= held, !lapsed.isEmpty {
                        _ = try service.deactivate(license: license, activations: lapsed, reason: "lease-expired",
                                                   GovernanceService.Signing(key: key, time: .now()))
                        leases.forget(lapsed)
                    }
                    let activation = try ActivationRoutes.refusalsWithoutKeyIDs {
                        try service.activate(license: license, fingerprint: fingerprint, mode: mode, token: token,
                                             GovernanceService.Signing(key: key, time: .now()))
                    }
                    leases.renew(activation)
                    return JSONResponse.make(leases.document(activation), status: .created)
                }
            }
        }
        book.on(.post, "/licenses/{id}/activations/{activation}/heartbeat", access: .customerData) { _, context, grant in
            let (license, _) = try ActivationRoutes.product(context, grant)
            let activation = try ActivationRoutes.active(context, license, grant.state)
            let status = grant.state.licenses[license]?.status(at: grant.now) ?? .terminated
            guard status == .active else { throw ActivationRoutes.notActive(license, status) }
            guard leases.isCurrent(activation) else {
                throw APIError(code: .governanceNotFound, message: "the lease of activation \(activation.id) ran out; activate again",
                               remedy: "POST /licenses/\(license)/activations with the machine's fingerprint")
            }
            leases.renew(activation)
            return JSONResponse.make(leases.document(activation))
        }
        book.on(.delete, "/licenses/{id}/activations/{activation}", access: .customerData) { _, context, grant in
            let (license, _) = try ActivationRoutes.product(context, grant)
            let key = try ActivationRoutes.enabled(key)
            let activation = try ActivationRoutes.active(context, license, grant.state)
            return try await leases.serially {
                try await pool.run {
                    _ = try service.deactivate(license: license, activations: [activation.id], reason: "released",
                                               GovernanceService.Signing(key: key, time: .now()))
                    leases.forget([activation.id])
                    return JSONResponse.make(.object(["activation": .string(activation.id), "released": .bool(true)]))
                }
            }
        }
    }

    /// The license the path names and the caller's token, when the caller is a product of that
    /// license's customer (a token with the `activate` scope); otherwise 404 as for a missing license.
    static func product(_ context: ServerContext, _ grant: Grant) throws -> (license: String, token: String) {
        let id = context.parameters.get("id") ?? ""
        guard case let .customer(token, customer, scopes) = grant.caller else {
            throw APIError(code: .serverForbidden, message: "activations are made by a product with a customer token (scope activate)")
        }
        guard let license = grant.state.licenses[id], license.customer == customer else { throw CustomerRoutes.noSuchLicense(id, grant.state) }
        guard scopes.contains(.activate) else {
            throw APIError(code: .serverForbidden, message: "this token may not activate machines (it has no activate scope)",
                           remedy: "ask the vendor for a token issued with --scope activate")
        }
        return (license.id, token)
    }

    static func notActive(_ license: String, _ status: LicenseStatus) -> APIError {
        APIError(code: .governanceLifecycle, message: "\(license) is \(status): the product must stop using it",
                 remedy: "the customer's account team can say why; a fresh certificate (`tierledger license certificate`) says so too")
    }

    /// Runs `body`; a refusal by the ledger's rules is answered with the rule's code and its own
    /// words, without the writer's preamble, which names the server's activation key.
    static func refusalsWithoutKeyIDs<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let LedgerError.rejected(reason, code) {
            let marker = ActivationEntry.activate + ": "
            let words = reason.range(of: marker, options: .backwards).map { String(reason[$0.upperBound...]) } ?? "the activation was refused"
            throw APIError(code: code, message: words)
        }
    }

    static func enabled(_ key: PrivateKey?) throws -> PrivateKey {
        guard let key else {
            throw APIError.notFound("this server does not take activations", remedy: "the vendor runs `tierledger serve --activation-key KEY` to enable them")
        }
        return key
    }

    static func active(_ context: ServerContext, _ license: String, _ state: GovernanceState) throws -> Activation {
        let id = context.parameters.get("activation") ?? ""
        guard let activation = state.activeActivations(of: license).first(where: { $0.id == id }) else {
            throw APIError(code: .governanceNotFound, message: "no activation \(LogText.escaped(id)) of \(license) is in force",
                           remedy: "GET /licenses/\(license)/activations lists them; activate again if it was released or lapsed")
        }
        return activation
    }
}

private extension String {
    var flatMapMode: Activation.Mode? { Activation.Mode(rawValue: self) }
}

/// Floating leases, in memory: when each runs out. A floating activation the server has not seen
/// renewed since it started holds a lease from the start. Activation writes go one at a time.
final class Leases: Sendable {
    let seconds: Int
    private let started = ProcessInfo.processInfo.systemUptime
    private let expiry = NIOLockedValueBox([String: Double]())
    private let queue = AsyncSerial()

    init(seconds: Int) { self.seconds = seconds }

    private var now: Double { ProcessInfo.processInfo.systemUptime }

    func renew(_ activation: Activation) {
        guard activation.mode == .floating else { return }
        let until = now + Double(seconds)
        expiry.withLockedValue { $0[activation.id] = until }
    }

    func forget(_ ids: [String]) { expiry.withLockedValue { table in for id in ids { table[id] = nil } } }

    func expires(_ activation: Activation) -> Double? {
        guard activation.mode == .floating else { return nil }
        return expiry.withLockedValue { $0[activation.id] } ?? started + Double(seconds)
    }

    func isCurrent(_ activation: Activation) -> Bool { expires(activation).map { $0 > now } ?? true }

    /// The floating activations among `active` whose lease ran out.
    func lapsed(_ active: [Activation]) -> [String] { active.filter { !isCurrent($0) }.map(\.id) }

    /// An activation with, for a floating one, the seconds left on its lease.
    func document(_ activation: Activation) -> JSONValue {
        guard case var .object(members) = activation.json else { return activation.json }
        if activation.isActive, let until = expires(activation) {
            members["lease_seconds_left"] = .integer(max(0, Int64((until - now).rounded(.down))))
        }
        return .object(members)
    }

    /// Runs `body` after every earlier call has finished.
    func serially<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await queue.run(body)
    }
}

/// One-at-a-time execution of async work.
actor AsyncSerial {
    private var tail: Task<Void, Never>?

    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task { () async throws -> T in
            await previous?.value
            return try await body()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}
