import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A real `tierledger serve` under abuse: SIGKILL while clients post batches (nothing acknowledged
/// may be lost, no batch may be half written), 1,000 connections at once, slow clients trickling
/// their headers while others are served, and oversized and malformed bodies. `make torture` runs
/// more kills (TIERLEDGER_SERVE_KILLS, default 3 here) and prints the figures SECURITY.md quotes.
@Suite(.serialized) struct ServerTortureTests {
    static var kills: Int { Int(ProcessInfo.processInfo.environment["TIERLEDGER_SERVE_KILLS"] ?? "") ?? 3 }
    /// Connections opened at once: 1,000 in `make torture`, fewer beside the rest of `make test`.
    static var crowdSize: Int { Int(ProcessInfo.processInfo.environment["TIERLEDGER_SERVE_CROWD"] ?? "") ?? 300 }

    /// A ledger in a directory with an operator whose key signs the posted entries.
    static func ledger() throws -> (directory: TemporaryDirectory, ledger: FileLedger, ops: PrivateKey) {
        let directory = try TemporaryDirectory("serve-torture")
        let admin = try PrivateKey.generate(.ed25519), ops = try PrivateKey.generate(.ed25519)
        let ledger = try FileLedger.create(at: directory.file("ledger"), origin: "example.com/torture", admin: admin,
                                           logKey: admin.publicKey, time: .now()).ledger
        _ = try GovernanceService(store: ledger).enrol("ops", roles: [.operator], key: ops.publicKey,
                                                       GovernanceService.Signing(key: admin, time: .now()))
        return (directory, ledger, ops)
    }

    @Test func aKilledServerLosesNoAcknowledgedBatch() async throws {
        let (directory, ledger, ops) = try Self.ledger()
        var acknowledged: [(seq: Int64, line: [UInt8])] = []
        var refusedOrCut = 0
        for round in 0..<Self.kills {
            let server = try ServeProcess(ledger: directory.file("ledger"), extra: ["--rate-per-address", "0"])
            let base = server.base
            // Clients post 5-entry batches until the server dies under them; the kill lands mid-post.
            let posting = Task.detached { () -> (acked: [(seq: Int64, line: [UInt8])], failed: Int) in
                var acked: [(seq: Int64, line: [UInt8])] = [], failed = 0
                while failed < 3 {
                    guard let head = try? await LedgerClientShim.head(base) else { failed += 1; continue }
                    let drafts = (0..<5).map { EntryDraft(type: "license.note", body: ["round": .integer(Int64(round)), "i": .integer(Int64($0))]) }
                    guard let links = try? Chain.extend(after: head, with: drafts, signedBy: ops, at: .now()) else { failed += 1; continue }
                    let reply = try? await HTTP.post(base + "/entries", body: links.flatMap { $0.line + [0x0A] })
                    if reply?.status == 201 { acked += links.map { ($0.entry.seq, $0.line) } } else { failed += 1 }
                }
                return (acked, failed)
            }
            try await Task.sleep(for: .milliseconds(Int64(150 + (round * 97) % 400)))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            let result = await posting.value
            acknowledged += result.acked
            refusedOrCut += result.failed
        }
        // Reopen: a torn tail is set aside; every acknowledged line is there, byte for byte, batches whole.
        let reopened = try FileLedger.open(directory.file("ledger"))
        _ = try GovernanceService(store: reopened).state()
        for (seq, line) in acknowledged { #expect(try reopened.line(at: seq) == line, "entry \(seq)") }
        let notes = try (0..<reopened.count()).map { try reopened.entry(at: $0).entry }.filter { $0.type == "license.note" }
        #expect(notes.count % 5 == 0, "a batch was half written: \(notes.count) notes")
        let verified = try await ProcessRunner.runDetached(ServeProcess.binary, ["verify", "--ledger", directory.file("ledger")])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(!acknowledged.isEmpty)
        print("serve torture: \(Self.kills) SIGKILLs, \(acknowledged.count) entries acknowledged in 5-entry batches, "
            + "\(notes.count) stored, \(refusedOrCut) posts refused or cut, 0 lost")
        _ = ledger
    }

    /// Opens `count` connections at once, each asking for /head; prints how each ended.
    static let crowd = """
        import socket, sys, threading, collections
        port, count = int(sys.argv[1]), int(sys.argv[2])
        results = collections.Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(count)
        def one():
            outcome = "error"
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=60)
                barrier.wait(timeout=60)
                s.sendall(b"GET /head HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                outcome = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1 ") else "garbled"
                s.close()
            except Exception as e:
                outcome = type(e).__name__
            with lock:
                results[outcome] += 1
        threads = [threading.Thread(target=one) for _ in range(count)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(" ".join(f"{k}={v}" for k, v in sorted(results.items())))
        """

    /// `slow` connections trickle one header byte a second for `seconds`; meanwhile 50 plain requests
    /// are made one after another. Prints how many of those were answered, and the slowest.
    static let trickle = """
        import socket, sys, threading, time
        port, slow, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        stop = time.time() + seconds
        def trickler():
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=seconds + 30)
                for b in b"GET /head HTTP/1.1\\r\\nHost: x\\r\\nX-Slow: " + b"a" * 1000:
                    if time.time() > stop: break
                    s.send(bytes([b])); time.sleep(1)
                s.close()
            except Exception:
                pass
        threads = [threading.Thread(target=trickler) for _ in range(slow)]
        for t in threads: t.start()
        time.sleep(1)
        answered, slowest = 0, 0.0
        for _ in range(50):
            t0 = time.time()
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=10)
                s.sendall(b"GET /head HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
                data = s.recv(65536)
                if data.startswith(b"HTTP/1.1 200"): answered += 1
                s.close()
            except Exception:
                pass
            slowest = max(slowest, time.time() - t0)
        for t in threads: t.join()
        print(f"answered={answered} slowest_ms={int(slowest * 1000)}")
        """

    @Test func crowdsSlowClientsAndBadBodiesDoNotStopTheServer() async throws {
        let (directory, _, ops) = try Self.ledger()
        let server = try ServeProcess(ledger: directory.file("ledger"))
        defer { _ = server.stop() }
        let port = String(server.base.split(separator: ":").last ?? "")

        // Many connections at once: every one is answered, 200, 429 past the address's burst, or 503
        // when the store queue is full; none is dropped or left hanging.
        let size = Self.crowdSize
        let crowd = try await ProcessRunner.runDetached("python3", ["-c", Self.crowd, port, String(size)])
        let outcomes = Dictionary(uniqueKeysWithValues: crowd.stdout.split(separator: " ").compactMap { pair -> (String, Int)? in
            let parts = pair.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "=")
            guard parts.count == 2, let n = Int(parts[1]) else { return nil }
            return (String(parts[0]), n)
        })
        #expect((outcomes["200"] ?? 0) + (outcomes["429"] ?? 0) + (outcomes["503"] ?? 0) == size, "\(crowd.stdout)\(crowd.stderr)")
        #expect((outcomes["200"] ?? 0) > 0, "\(crowd.stdout)")
        print("serve torture: \(size) concurrent connections: \(crowd.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
        try await Task.sleep(for: .seconds(3))   // the address's bucket refills

        // 200 clients trickling their headers for 8 s: the others are still answered.
        let slow = try await ProcessRunner.runDetached("python3", ["-c", Self.trickle, port, "200", "8"])
        #expect(slow.stdout.hasPrefix("answered=50"), "\(slow.stdout)\(slow.stderr)")
        print("serve torture: 200 slow-header clients: \(slow.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) of 50 plain requests")
        try await Task.sleep(for: .seconds(3))

        // Oversized, malformed and half-valid bodies: a JSON error each, nothing written.
        let before = try FileLedger.open(directory.file("ledger")).count()
        let huge = try await HTTP.post(server.base + "/entries", body: [UInt8](repeating: 0x41, count: 9 << 20))
        #expect(huge.status == 413)
        let malformed = try await HTTP.post(server.base + "/entries", body: Array("{\"seq\":1,\"oops\"\n".utf8))
        #expect(malformed.status == 422)
        let tip = try await LedgerClientShim.head(server.base)
        let good = try Chain.extend(after: tip, with: [EntryDraft(type: "license.note", body: ["ok": true])], signedBy: ops, at: .now())
        let mixed = try await HTTP.post(server.base + "/entries", body: good.flatMap { $0.line + [0x0A] } + Array("not an entry\n".utf8))
        #expect(mixed.status == 422)
        for reply in [huge, malformed, mixed] { #expect((try? JSONParser.parse(reply.body))?["code"]?.stringValue != nil) }
        #expect(try FileLedger.open(directory.file("ledger")).count() == before)
        #expect(try await HTTP.get(server.base + "/healthz").status == 200)
    }
}

/// `GET /head` as a client reads it.
enum LedgerClientShim {
    static func head(_ base: String) async throws -> ChainTip? {
        let document = try JSONParser.parse(try await HTTP.get(base + "/head").body)
        guard let size = document["size"]?.integerValue, size > 0 else { return nil }
        guard let seq = document["seq"]?.integerValue, let hash = document["hash"]?.stringValue.flatMap(Digest.init(hex:)),
              let time = document["time"]?.stringValue.flatMap(EntryTime.init(rfc3339:)) else { throw URLError(.badServerResponse) }
        return ChainTip(seq: seq, hash: hash, time: time)
    }
}
