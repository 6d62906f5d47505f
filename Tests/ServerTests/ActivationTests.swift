import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
@testable import Server
import Testing
import TestSupport

/// Online activations: seats are never oversold, floating leases free their seats when no heartbeat
/// comes, a suspended license is denied at the next heartbeat, and every activation is in the ledger.
@Suite struct ActivationTests {
    /// The book with an activator principal, a product token for acme, and a server that takes activations.
    static func start(leaseSeconds: Int = 900) async throws -> (book: ServedBook, product: String, activator: PrivateKey) {
        let book = try ServedBook()
        let activator = try PrivateKey.generate(.ed25519)
        let admin = GovernanceService.Signing(key: book.served.admin, time: .now())
        _ = try book.service.enrol("activations", roles: [.activator], key: activator.publicKey, admin)
        let product = try book.service.issueToken(customer: "acme", scopes: [.activate, .read], days: 30, label: "product", admin).text
        try await book.served.start(limits: ServerLimits(requestsPerAddress: 0, requestsPerCredential: 0),
                                    activationKey: activator, leaseSeconds: leaseSeconds)
        return (book, product, activator)
    }

    static func activate(_ book: ServedBook, _ token: String, machine: String, mode: String = "floating", license: String = "ACME-1") async throws -> HTTPReply {
        try await HTTP.post(book.served.base + "/licenses/\(license)/activations", body: Array("{\"fingerprint\":\"\(machine)\",\"mode\":\"\(mode)\"}".utf8),
                            contentType: "application/json", headers: ["Authorization": "Bearer " + token])
    }

    @Test func sixteenMachinesRaceForTenSeatsAndTenWin() async throws {
        let (book, product, _) = try await Self.start()
        let replies = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
            for n in 0..<16 { group.addTask { try await Self.activate(book, product, machine: "host-\(n)") } }
            var all: [HTTPReply] = []
            for try await reply in group { all.append(reply) }
            return all
        }
        #expect(replies.filter { $0.status == 201 }.count == 10)
        let refused = replies.filter { $0.status != 201 }
        #expect(refused.count == 6)
        for reply in refused {
            #expect(reply.status == 409)
            let error = try JSONParser.parse(reply.body)
            #expect(error["code"]?.stringValue == "GOV-040")
            #expect(error["message"]?.stringValue?.contains("all 10 seats of ACME-1 are in use") == true)
        }
        // The same machine again is the same activation, not another seat.
        let again = try await Self.activate(book, product, machine: "host-0")
        #expect([200, 409].contains(again.status))
        let state = try book.service.state()
        #expect(state.activeActivations(of: "ACME-1").count == 10)
        #expect(Set(state.activeActivations(of: "ACME-1").map(\.machine)).count == 10)
        // The ledger never holds a fingerprint, only its hash.
        let text = try String(decoding: (0..<book.served.ledger.count()).flatMap { try book.served.ledger.line(at: $0) }, as: UTF8.self)
        #expect(!text.contains("host-1\""))
        await book.served.stop()
    }

    @Test func leasesRunOutWithoutHeartbeatsAndHeartbeatsKeepThem() async throws {
        // Waits, not timing assertions: m0 beats every half second, well inside its 5-second lease
        // even on a loaded machine; the others send nothing and their leases run out.
        let (book, product, _) = try await Self.start(leaseSeconds: 5)
        var ids: [String] = []
        for n in 0..<10 {
            let reply = try await Self.activate(book, product, machine: "m\(n)")
            #expect(reply.status == 201)
            ids.append(try JSONParser.parse(reply.body)["activation"]?.stringValue ?? "")
        }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(7) {
            try await Task.sleep(for: .milliseconds(500))
            let beat = try await HTTP.post(book.served.base + "/licenses/ACME-1/activations/\(ids[0])/heartbeat", body: [],
                                           headers: ["Authorization": "Bearer " + product])
            #expect(beat.status == 200, "\(beat.text)")
        }
        let late = try await Self.activate(book, product, machine: "late")
        #expect(late.status == 201, "\(late.text)")
        let state = try book.service.state()
        let all = state.activations["ACME-1"] ?? []
        #expect(all.filter { $0.deactivation?.reason == "lease-expired" }.count == 9)
        #expect(state.activeActivations(of: "ACME-1").map(\.id).contains(ids[0]))
        // A released machine frees its seat on the record.
        let release = try await HTTP.send(book.served.base + "/licenses/ACME-1/activations/\(ids[0])", method: "DELETE",
                                          headers: ["Authorization": "Bearer " + product])
        #expect(release.status == 200)
        #expect(try book.service.state().activations["ACME-1"]?.first { $0.id == ids[0] }?.deactivation?.reason == "released")
        await book.served.stop()
    }

    @Test func aSuspendedLicenseIsDeniedAndTokensStayInTheirLane() async throws {
        let (book, product, _) = try await Self.start()
        let first = try await Self.activate(book, product, machine: "box")
        #expect(first.status == 201)
        let id = try #require(try JSONParser.parse(first.body)["activation"]?.stringValue)
        // A read-only token, another customer's license, a staff signature: none activates.
        #expect(try await Self.activate(book, book.acmeToken, machine: "x").status == 403)
        #expect(try await Self.activate(book, product, machine: "x", license: "BETA-1").status == 404)
        let signing = { (key: PrivateKey) in GovernanceService.Signing(key: key, time: .now()) }
        let cr = try book.service.propose(.suspend, license: "ACME-1", params: [:], reason: "unpaid", signing(book.pat))
        _ = try book.service.approve(cr.entry.entry.seq, signing(book.served.dana))
        _ = try book.service.apply(cr.entry.entry.seq, signing(book.served.ops))
        let beat = try await HTTP.post(book.served.base + "/licenses/ACME-1/activations/\(id)/heartbeat", body: [],
                                       headers: ["Authorization": "Bearer " + product])
        #expect(beat.status == 422)
        #expect(beat.text.contains("ACME-1 is suspended"))
        let refused = try await Self.activate(book, product, machine: "another")
        #expect(refused.status == 422)
        #expect(try JSONParser.parse(refused.body)["code"]?.stringValue == "GOV-009")
        // The CLI lists what the ledger holds.
        await book.served.stop()
        let listed = try await ProcessRunner.runDetached(ServeProcess.binary, ["license", "activations", "ACME-1", "--json", "--ledger", book.served.ledger.paths.root])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try JSONParser.parse(Array(listed.stdout.utf8))["in_force"]?.integerValue == 1)
        let verified = try await ProcessRunner.runDetached(ServeProcess.binary, ["verify", "--ledger", book.served.ledger.paths.root])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
