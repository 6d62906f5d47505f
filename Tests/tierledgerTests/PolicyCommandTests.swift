import Foundation
import Testing
import TestSupport

@Suite struct PolicyCommandTests {
    static let policies = Fixtures.repositoryRoot + "/policies"

    @Test func checkExplainAndAdopt() throws {
        let ws = try CLIWorkspace()
        let ok = try ws.expectSuccess(["policy", "check", Self.policies])
        #expect(ok.stdout.contains("policies OK: 4 tiers"))

        // A broken copy: every problem as file:line:column: message, exit 2.
        try FileManager.default.createDirectory(atPath: ws.path("broken"), withIntermediateDirectories: true)
        let tiers = try String(contentsOfFile: Self.policies + "/tiers.yaml", encoding: .utf8)
            .replacingOccurrences(of: "per_seat: 900,", with: "per_seat: -900,")
        try tiers.write(toFile: ws.path("broken/tiers.yaml"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.policies + "/approvals.yaml", toPath: ws.path("broken/approvals.yaml"))
        let broken = try ws.run(["policy", "check", "broken"])
        #expect(broken.status == 2)
        #expect(broken.stdout.hasPrefix("broken/tiers.yaml:35:33: tier starter price.per_seat is -900"))
        #expect(broken.stdout.contains("no negative amounts"))

        let explained = try ws.expectSuccess(["policy", "explain", "upgrade", "--policies", Self.policies, "--from-tier", "team",
                                              "--to-tier", "business", "--discount-bp", "2500"])
        #expect(explained.stdout.contains("rule: deep-discount"))
        #expect(explained.stdout.contains("2 approvals from approver:finance"))
        #expect(explained.stdout.contains("after 48 h, admin may approve instead"))
        let json = try ws.expectSuccess(["policy", "explain", "seats", "--policies", Self.policies, "--seats-delta", "-60", "--json"])
        #expect(json.stdout.contains("\"rule\":\"big-seat-cut\""))
        let badTier = try ws.run(["policy", "explain", "upgrade", "--policies", Self.policies, "--to-tier", "platinum"])
        #expect(badTier.status == 2)
        #expect(badTier.stderr.contains("unknown tier \"platinum\""))

        let adopted = try ws.expectSuccess(["policy", "adopt", Self.policies, "--key", "admin.pem"])
        #expect(adopted.stdout.contains("adopted policy"))
        #expect(adopted.stderr.contains("warning: rule"))   // no approvers are enrolled yet
        let notAdmin = try ws.run(["policy", "adopt", Self.policies, "--key", "bob.pem"])
        #expect(notAdmin.status == 2)
        try ws.expectSuccess(["verify"])
    }
}

@Suite struct QuoteCommandTests {
    @Test func quotesComeFromTheAdoptedPolicy() throws {
        let ws = try CLIWorkspace()
        let none = try ws.run(["quote", "--tier", "team", "--seats", "10"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no policy has been adopted"))
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        let quote = try ws.expectSuccess(["quote", "--tier", "team", "--seats", "10", "--addon", "sso-addon"])
        #expect(quote.stdout.contains("subtotal"))
        #expect(quote.stdout.contains("265.88 EUR"))      // (4,900 + 19,000 + 5,000) less 8 %, in cents
        let json = try ws.expectSuccess(["quote", "--tier", "team", "--seats", "10", "--json"])
        #expect(json.stdout.contains("\"total\":21988"))
        let tooMany = try ws.run(["quote", "--tier", "starter", "--seats", "50"])
        #expect(tooMany.status == 2)
        #expect(tooMany.stderr.contains("1 to 10 seats"))
    }
}
