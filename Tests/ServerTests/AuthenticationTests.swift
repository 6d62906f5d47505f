import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
@testable import Server
import Testing
import TestSupport

/// Credentials that do not check out are refused with 401 SRV-021 and the reason; the command line
/// issues, uses and revokes tokens, and signs staff reads.
@Suite struct AuthenticationTests {
    static func code(_ reply: HTTPReply) -> String? { (try? JSONParser.parse(reply.body))?["code"]?.stringValue }

    @Test func badTokensAndSignaturesAreRefusedWithTheReason() async throws {
        let book = try ServedBook()
        let signing = GovernanceService.Signing(key: book.served.admin, time: .now())
        let spare = try book.service.issueToken(customer: "acme", scopes: [.read], days: 1, label: "", signing)
        try await book.served.start()
        let served = book.served
        #expect(try await served.customerGet("/whoami", token: spare.text).status == 200)
        _ = try book.service.revokeToken(spare.token.id, reason: "lost", signing)
        let revoked = try await served.customerGet("/whoami", token: spare.text)
        #expect(revoked.status == 401)
        #expect(Self.code(revoked) == "SRV-021")
        #expect(revoked.text.contains("revoked in entry"))
        // The right id with another secret, something not a token, another scheme.
        let forged = String(book.acmeToken.dropLast(4)) + "AAAA"
        #expect(try await served.customerGet("/whoami", token: forged).text.contains("not issued by this ledger"))
        #expect(try await served.customerGet("/whoami", token: "hunter2").status == 401)
        #expect(try await HTTP.get(served.base + "/whoami", headers: ["Authorization": "Basic YTpi"]).status == 401)
        // A signature made ten minutes ago, by a key no principal holds, over another query, or with a token besides.
        let stale = try ServedLedger.signature("/whoami", by: served.ops, authority: served.authority, created: EntryTime.now().milliseconds / 1000 - 600)
        let staleReply = try await HTTP.get(served.base + "/whoami", headers: stale)
        #expect(staleReply.status == 401)
        #expect(staleReply.text.contains("check the client's clock"))
        let stranger = try await served.staffGet("/whoami", as: try PrivateKey.generate(.ed25519))
        #expect(stranger.text.contains("does not verify"))
        let other = try ServedLedger.signature("/licenses?customer=acme", by: served.ops, authority: served.authority)
        let moved = try await HTTP.get(served.base + "/licenses?customer=beta", headers: other)
        #expect(moved.status == 401)
        #expect(moved.text.contains("does not verify"))
        // Signed for another server: refused here.
        let elsewhere = try await served.staffGet("/whoami", as: served.ops, signedFor: "staging.example:8080")
        #expect(elsewhere.status == 401)
        #expect(elsewhere.text.contains("does not verify"))
        var both = try ServedLedger.signature("/whoami", by: served.ops, authority: served.authority)
        both["Authorization"] = "Bearer " + book.acmeToken
        #expect(Self.code(try await HTTP.get(served.base + "/whoami", headers: both)) == "SRV-021")
        // A revoked principal's signature stops working at once.
        _ = try book.service.revoke("pat", reason: "left", signing)
        #expect(try await served.staffGet("/whoami", as: book.pat).text.contains("was revoked in entry"))
        // Who the server sees.
        let me = try JSONParser.parse(try await served.staffGet("/whoami", as: book.aud).body)
        #expect(me["name"]?.stringValue == "aud")
        #expect(me["roles"]?.arrayValue == [.string("auditor")])
        let customer = try JSONParser.parse(try await served.customerGet("/whoami", token: book.betaToken).body)
        #expect(customer["customer"]?.stringValue == "beta")
        await served.stop()
    }

    @Test func theCommandLineIssuesUsesAndRevokesTokens() async throws {
        let book = try ServedBook()
        try await book.served.start()
        let served = book.served
        let dir = try TemporaryDirectory("token-cli")
        let adminKey = dir.file("admin.pem"), danaKey = dir.file("dana.pem"), tokenFile = dir.file("acme.token")
        try served.admin.pem().write(toFile: adminKey, atomically: true, encoding: .utf8)
        try served.dana.pem().write(toFile: danaKey, atomically: true, encoding: .utf8)
        for file in [adminKey, danaKey] { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }
        let ledger = served.ledger.paths.root
        let issued = try await ProcessRunner.runDetached(ServeProcess.binary, ["token", "issue", "--customer", "acme", "--days", "7", "--label", "cli", "--key", adminKey,
                                                                 "--ledger", ledger])
        #expect(issued.status == 0, "\(issued.stderr)")
        let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(TokenText.id(of: token) != nil)
        #expect(issued.stderr.contains("it is shown only now"))
        // The ledger holds its hash, never the token.
        let bytes = try (0..<served.ledger.count()).flatMap { try served.ledger.line(at: $0) }
        #expect(!String(decoding: bytes, as: UTF8.self).contains(token))
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)

        let own = try await ProcessRunner.runDetached(ServeProcess.binary, ["fetch", "/licenses/ACME-1", "--server", served.base, "--token-file", tokenFile])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try JSONParser.parse(Array(own.stdout.utf8))["id"]?.stringValue == "ACME-1")
        let foreign = try await ProcessRunner.runDetached(ServeProcess.binary, ["fetch", "/licenses/BETA-1", "--server", served.base, "--token-file", tokenFile])
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("GOV-006"))
        let staff = try await ProcessRunner.runDetached(ServeProcess.binary, ["fetch", "/approvals/pending", "--server", served.base, "--key", danaKey])
        #expect(staff.status == 0, "\(staff.stderr)")
        #expect(try JSONParser.parse(Array(staff.stdout.utf8))["requests"]?.arrayValue != nil)

        let listed = try await ProcessRunner.runDetached(ServeProcess.binary, ["token", "list", "--customer", "acme", "--json", "--ledger", ledger])
        let id = try #require(TokenText.id(of: token))
        #expect(listed.stdout.contains(id))
        #expect(!listed.stdout.contains(token))
        let revoked = try await ProcessRunner.runDetached(ServeProcess.binary, ["token", "revoke", id, "--reason", "test over", "--key", adminKey, "--ledger", ledger])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try await ProcessRunner.runDetached(ServeProcess.binary, ["fetch", "/whoami", "--server", served.base, "--token-file", tokenFile])
        #expect(after.status == 2)
        #expect(after.stderr.contains("SRV-021"))
        await served.stop()
    }
}
