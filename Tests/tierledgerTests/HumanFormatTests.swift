import Foundation
import Testing
import TestSupport

/// What people read: money in the policy's currency, counts grouped by thousands, only what a
/// change changes, and states the command knows. JSON and CSV keep integers.
@Suite struct HumanFormatTests {
    @Test func quoteAndChangeShowPrintMoneyAndJSONKeepsMinorUnits() throws {
        let ws = try CLIWorkspace()
        let quote = try ws.expectSuccess(["quote", "--policies", PolicyCommandTests.policies, "--tier", "business", "--seats", "120",
                                          "--addon", "premium-support", "--term-months", "24"]).stdout
        #expect(quote.contains("quote: business, 120 seats, 24 months (EUR per month)"), "\(quote)")
        #expect(quote.contains("120 seats × 39.00 EUR"), "\(quote)")
        #expect(quote.range(of: #"total over the term +107,904\.24 EUR\n"#, options: .regularExpression) != nil, "\(quote)")
        #expect(!quote.contains("10790424"))
        let json = try ws.expectSuccess(["quote", "--policies", PolicyCommandTests.policies, "--tier", "business", "--seats", "120",
                                         "--addon", "premium-support", "--term-months", "24", "--json"]).stdout
        #expect(json.contains("\"term_total\":10790424"))

        try ws.expectSuccess(["keys", "generate", "--out", "deal.pem", "--no-encrypt"])
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])   // entry 3
        try ws.expectSuccess(["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "business", "--seats", "120",
                              "--term-months", "12", "--reason", "new logo", "--key", "bob.pem"])
        let shown = try ws.expectSuccess(["change", "show", "CR-4"]).stdout
        #expect(shown.contains("price per month:\n  Business base fee: 199.00 EUR\n  120 seats × 39.00 EUR: 4,680.00 EUR\n"), "\(shown)")
        #expect(shown.contains("  total: 4,264.25 EUR\n"), "\(shown)")
        #expect(shown.contains("quota api-calls: none → 10,000,000"), "\(shown)")
        let showJSON = try ws.expectSuccess(["change", "show", "CR-4", "--json"]).stdout
        #expect(showJSON.contains("\"total\":426425"))
    }

    @Test func changeShowNamesOnlyTheAddOnsThatChanged() throws {
        let ws = try CLIWorkspace()
        try ws.expectSuccess(["keys", "generate", "--out", "deal.pem", "--no-encrypt"])
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        try ws.expectSuccess(["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "team", "--seats", "10",
                              "--term-months", "12", "--reason", "new logo", "--key", "bob.pem"])
        let issue = try ws.expectSuccess(["change", "show", "CR-4"]).stdout
        #expect(!issue.contains("add-ons"), "\(issue)")
        try ws.expectSuccess(["change", "approve", "CR-4", "--yes", "--key", "deal.pem"])
        try ws.expectSuccess(["change", "apply", "CR-4", "--key", "bob.pem"])
        try ws.expectSuccess(["change", "propose", "addon-add", "--license", "A-1", "--addon", "extra-api-calls", "--reason", "more calls", "--key", "bob.pem"])
        let added = try ws.expectSuccess(["change", "show", "CR-7"]).stdout
        #expect(added.contains("  add-ons: none → extra-api-calls\n"), "\(added)")
        #expect(!added.contains("["), "\(added)")
    }

    @Test func changeListRefusesAStateItDoesNotKnow() throws {
        let ws = try CLIWorkspace()
        let bogus = try ws.run(["change", "list", "--state", "bogus"])
        #expect(bogus.status == 2)
        #expect(bogus.stdout.isEmpty)
        for state in ["pending", "approved", "applied", "rejected", "withdrawn", "expired", "awaiting-review", "reviewed", "review-overdue"] {
            #expect(bogus.stderr.contains(state), "\(bogus.stderr)")
            #expect(try ws.expectSuccess(["change", "list", "--state", state]).stdout == "no change requests in state \(state)\n")
        }
    }
}
