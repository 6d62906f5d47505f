import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A real `tierledger serve --activation-key` SIGKILLed while products activate and release
/// machines on a 10-seat floating license, then started again: every activation answered 201 is
/// in the ledger, every release answered 200 is recorded as released, the seats were never
/// oversold at any entry, and the ledger verifies. Leases last one second, so seats also come
/// free on the record (`lease-expired`) between and after kills. `make torture` runs more kills
/// (TIERLEDGER_ACTIVATION_KILLS, default 3 here) and prints the figures SECURITY.md quotes.
@Suite(.serialized) struct ActivationTortureTests {
    static var kills: Int { Int(ProcessInfo.processInfo.environment["TIERLEDGER_ACTIVATION_KILLS"] ?? "") ?? 3 }
    static let products = 8

    /// What the products were told: activations answered 201 (id and fingerprint) and releases answered 200.
    struct Acknowledged: Sendable {
        var activated: [(id: String, fingerprint: String)] = []
        var released: [String] = []
        var refused = 0
        var cut = 0
    }

    /// One product: activates fresh machines until the server is gone, releasing two of every three
    /// it got and leaving the third to hold its seat until its lease runs out.
    static func product(_ base: String, token: String, name: String) async -> Acknowledged {
        var acked = Acknowledged()
        var failures = 0, n = 0
        let auth = ["Authorization": "Bearer " + token]
        while failures < 3 {
            n += 1
            let fingerprint = "\(name)-\(n)"
            let body = Array("{\"fingerprint\":\"\(fingerprint)\",\"mode\":\"floating\"}".utf8)
            guard let reply = try? await HTTP.post(base + "/licenses/ACME-1/activations", body: body, contentType: "application/json", headers: auth) else {
                failures += 1
                acked.cut += 1
                continue
            }
            failures = 0
            guard reply.status == 201 else {
                // 409: every seat is held; wait for a release or a lease to run out.
                acked.refused += 1
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            guard let id = (try? JSONParser.parse(reply.body))?["activation"]?.stringValue else { continue }
            acked.activated.append((id, fingerprint))
            guard n % 3 != 0 else { continue }
            let release = try? await HTTP.send(base + "/licenses/ACME-1/activations/\(id)", method: "DELETE", headers: auth)
            if release?.status == 200 { acked.released.append(id) } else if release == nil { acked.cut += 1 }
        }
        return acked
    }

    @Test func aKilledServerLosesNoRecordedActivationAndNeverOversellsSeats() async throws {
        let book = try ServedBook()
        let activator = try PrivateKey.generate(.ed25519)
        let admin = GovernanceService.Signing(key: book.served.admin, time: .now())
        _ = try book.service.enrol("activations", roles: [.activator], key: activator.publicKey, admin)
        let token = try book.service.issueToken(customer: "acme", scopes: [.activate], days: 30, label: "product", admin).text
        let keyFile = book.served.directory.file("activator.pem")
        try KeyFile.create(keyFile, contents: try activator.pem(), mode: 0o600)
        let path = book.served.ledger.paths.root
        let arguments = ["--activation-key", keyFile, "--lease-seconds", "1", "--rate-per-address", "0", "--rate-per-credential", "0"]

        var all = Acknowledged()
        for round in 0..<Self.kills {
            let server = try ServeProcess(ledger: path, extra: arguments)
            let base = server.base
            let running = (0..<Self.products).map { client in
                Task.detached { await Self.product(base, token: token, name: "r\(round)-p\(client)") }
            }
            // Longer than a lease, so that seats held by unreleased machines lapse and are taken over.
            try await Task.sleep(for: .milliseconds(Int64(1_200 + (round * 97) % 600)))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            for task in running {
                let acked = await task.value
                all.activated += acked.activated
                all.released += acked.released
                all.refused += acked.refused
                all.cut += acked.cut
            }
        }

        // What the ledger holds, as the CLI lists it.
        let listed = try await ProcessRunner.runDetached(ServeProcess.binary, ["license", "activations", "ACME-1", "--json", "--ledger", path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let document = try JSONParser.parse(Array(listed.stdout.utf8))
        let seats = try #require(document["seats"]?.integerValue)
        let recorded = Dictionary((document["activations"]?.arrayValue ?? []).compactMap { a in a["activation"]?.stringValue.map { ($0, a) } },
                                  uniquingKeysWith: { first, _ in first })
        for (id, fingerprint) in all.activated {
            let activation = try #require(recorded[id], "activation \(id), answered 201, is not in the ledger")
            #expect(activation["machine"]?.stringValue == ActivationEntry.machineHash(fingerprint))
            #expect(activation["mode"]?.stringValue == "floating")
        }
        for id in all.released {
            #expect(recorded[id]?["reason"]?.stringValue == "released", "activation \(id), released with 200, is not recorded as released")
        }
        // Seats in force after every entry: one more at an activation, one fewer at its end.
        var changes: [(seq: Int64, delta: Int64)] = []
        for activation in recorded.values {
            if let seq = activation["seq"]?.integerValue { changes.append((seq, 1)) }
            if let end = activation["deactivated_seq"]?.integerValue { changes.append((end, -1)) }
        }
        var inForce: Int64 = 0, most: Int64 = 0
        for change in changes.sorted(by: { $0.seq < $1.seq }) {
            inForce += change.delta
            most = max(most, inForce)
        }
        #expect(most <= seats, "\(most) activations of \(seats) seats were in force at once")
        #expect(document["in_force"]?.integerValue == inForce)
        let verified = try await ProcessRunner.runDetached(ServeProcess.binary, ["verify", "--ledger", path])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(!all.activated.isEmpty)
        let lapsed = recorded.values.filter { $0["reason"]?.stringValue == "lease-expired" }.count
        print("activation torture: \(Self.kills) SIGKILLs of tierledger serve, \(Self.products) products on \(seats) floating seats: "
            + "\(all.activated.count) activations acknowledged (201), \(all.released.count) releases acknowledged (200), "
            + "\(recorded.count) activations recorded (\(lapsed) lease-expired), \(all.refused) refused (seats full), "
            + "\(all.cut) requests cut by a kill; 0 lost, at most \(most) of \(seats) seats in force")
    }
}
