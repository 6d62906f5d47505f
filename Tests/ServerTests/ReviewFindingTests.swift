import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import NIOCore
@testable import Server
import Testing
import TestSupport

/// What an attacker's read of the server found, each now a test: a license's new holder does not
/// see the previous holder's usage, SLA months, certifications or activations; a product token
/// without `read` lists nothing; a signature that does not verify says nothing about the key it
/// names; re-posting an activation of a suspended license is denied; refusals do not show key ids.
@Suite struct ReviewFindingTests {
    @Test func aNewHolderSeesOnlyWhatHappenedOnItsWatch() async throws {
        let book = try ServedBook()
        let signing = { (key: PrivateKey) in GovernanceService.Signing(key: key, time: .now()) }
        let lee = try PrivateKey.generate(.ed25519)
        _ = try book.service.enrol("lee", roles: Set([Role("approver:legal")].compactMap { $0 }), key: lee.publicKey, signing(book.served.admin))
        let activator = try PrivateKey.generate(.ed25519)
        _ = try book.service.enrol("activations", roles: [.activator], key: activator.publicKey, signing(book.served.admin))
        let acmeProduct = try book.service.issueToken(customer: "acme", scopes: [.activate], days: 5, label: "", signing(book.served.admin))
        _ = try book.service.activate(license: "ACME-1", fingerprint: "acme-box", mode: .node, token: acmeProduct.token.id, signing(activator))
        let licensor = try PrivateKey.generate(.ed25519)
        _ = try book.service.enrol("lic", roles: [.licensor], key: licensor.publicKey, signing(book.served.admin))
        _ = try book.service.certify("ACME-1", graceDays: 0, signing(licensor))
        // ACME-1 moves from acme to beta.
        let cr = try book.service.propose(.transfer, license: "ACME-1", params: ["to_customer": "beta"], reason: "acquired", signing(book.pat))
        _ = try book.service.approve(cr.entry.entry.seq, signing(lee))
        _ = try book.service.approve(cr.entry.entry.seq, signing(book.served.dana))
        _ = try book.service.apply(cr.entry.entry.seq, signing(book.served.ops))
        try await book.served.start()
        let served = book.served

        // Usage recorded while acme held it (this month, from its first day) is not beta's.
        let usage = try JSONParser.parse(try await served.customerGet("/licenses/ACME-1/usage", token: book.betaToken).body)
        #expect(usage["metrics"]?.arrayValue?.allSatisfy { $0["records"]?.arrayValue?.isEmpty == true } == true, "\(usage)")
        let staffUsage = try JSONParser.parse(try await served.staffGet("/licenses/ACME-1/usage", as: book.aud).body)
        #expect(staffUsage["metrics"]?.arrayValue?.contains { $0["records"]?.arrayValue?.isEmpty == false } == true)
        // The certification made for acme is not in beta's history; the transfer is.
        let history = try JSONParser.parse(try await served.customerGet("/licenses/ACME-1/history", token: book.betaToken).body)
        let types = history["entries"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
        #expect(!types.contains(Certification.type), "\(types)")
        #expect(types == [Workflow.apply])
        // Acme's machine is not listed to beta.
        let activations = try JSONParser.parse(try await served.customerGet("/licenses/ACME-1/activations", token: book.betaToken).body)
        #expect(activations["activations"]?.arrayValue?.isEmpty == true)
        // This month ends in beta's hands, so its SLA record is beta's; acme no longer sees the license at all.
        #expect(try await served.customerGet("/licenses/ACME-1/sla?month=\(book.month)", token: book.betaToken).status == 200)
        #expect(try await served.customerGet("/licenses/ACME-1/sla?month=\(book.month)", token: book.acmeToken).status == 404)
        await served.stop()
    }

    @Test func productTokensSignaturesAndSuspensionsStayInTheirLane() async throws {
        let (book, product, _) = try await ActivationTests.start()
        let activateOnly = try book.service.issueToken(customer: "acme", scopes: [.activate], days: 5, label: "",
                                                      GovernanceService.Signing(key: book.served.admin, time: .now())).text
        let listing = try await book.served.customerGet("/licenses", token: activateOnly)
        #expect(listing.status == 403)
        #expect(try JSONParser.parse(listing.body)["code"]?.stringValue == "SRV-022")

        // A junk signature naming a revoked principal's key, or an unknown key: the same answer.
        _ = try book.service.revoke("pat", reason: "left", GovernanceService.Signing(key: book.served.admin, time: .now()))
        var answers: [String] = []
        for keyID in [book.pat.publicKey.id.hex, String(repeating: "ab", count: 32)] {
            let headers = ["Signature-Input": "x=(\"@method\" \"@authority\" \"@path\" \"@query\");created=\(EntryTime.now().milliseconds / 1000);keyid=\"\(keyID)\"",
                           "Signature": "x=:AAAA:"]
            let reply = try await HTTP.get(book.served.base + "/whoami", headers: headers)
            #expect(reply.status == 401)
            answers.append(try JSONParser.parse(reply.body)["message"]?.stringValue ?? "")
        }
        #expect(answers[0] == answers[1], "\(answers)")
        #expect(!answers[0].contains("pat"))

        // Seats full: the refusal names the license and seats, not the server's key.
        let box = try await ActivationTests.activate(book, product, machine: "box")
        #expect(box.status == 201)
        for n in 0..<9 { _ = try await ActivationTests.activate(book, product, machine: "more-\(n)") }
        let full = try await ActivationTests.activate(book, product, machine: "one-too-many")
        #expect(full.status == 409)
        let activatorID = try #require(try book.service.state().principals["activations"]?.keys.first?.key.id.short)
        #expect(!full.text.contains(activatorID), "\(full.text)")
        #expect(full.text.contains("all 10 seats of ACME-1 are in use"))

        // Suspended: posting the same machine again is denied, as the heartbeat is.
        let signing = { (key: PrivateKey) in GovernanceService.Signing(key: key, time: .now()) }
        let pat2 = try PrivateKey.generate(.ed25519)
        _ = try book.service.enrol("pat2", roles: [.proposer], key: pat2.publicKey, signing(book.served.admin))
        let cr = try book.service.propose(.suspend, license: "ACME-1", params: [:], reason: "unpaid", signing(pat2))
        _ = try book.service.approve(cr.entry.entry.seq, signing(book.served.dana))
        _ = try book.service.apply(cr.entry.entry.seq, signing(book.served.ops))
        let again = try await ActivationTests.activate(book, product, machine: "box")
        #expect(again.status == 422)
        #expect(again.text.contains("ACME-1 is suspended"))
        await book.served.stop()
    }

    @Test func ipv6PeersShareABucketPerSlash64() throws {
        let a = try SocketAddressShim.v6("2001:db8:1:2:aaaa::1"), b = try SocketAddressShim.v6("2001:db8:1:2:bbbb::9")
        let c = try SocketAddressShim.v6("2001:db8:1:3::1")
        #expect(RateLimitMiddleware.key(a) == RateLimitMiddleware.key(b))
        #expect(RateLimitMiddleware.key(a) != RateLimitMiddleware.key(c))
        #expect(RateLimitMiddleware.key(try SocketAddressShim.v4("192.0.2.7")) == "192.0.2.7")
    }
}

enum SocketAddressShim {
    static func v6(_ text: String) throws -> SocketAddress { try SocketAddress(ipAddress: text, port: 1) }
    static func v4(_ text: String) throws -> SocketAddress { try SocketAddress(ipAddress: text, port: 1) }
}
