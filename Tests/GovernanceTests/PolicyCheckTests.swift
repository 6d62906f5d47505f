import Foundation
import Governance
import Ledger
import Testing
import TestSupport

@Suite struct PolicyCheckTests {
    static let directory = Fixtures.repositoryRoot + "/policies"
    static func shipped(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    @Test func theShippedPoliciesPass() throws {
        let policy = try PolicySet.load(directory: Self.directory)
        #expect(policy.catalog.tiers.map(\.id) == ["starter", "team", "business", "enterprise"])
        #expect(policy.catalog.addons.count >= 3)
        #expect(policy.approvals.rules.last?.isDefault == true)
        #expect(policy.hash.count == 64)
        // The hash is over content, not formatting: a comment changes nothing.
        let commented = try PolicySet.load(tiers: "# note\n" + Self.shipped("tiers.yaml"), approvals: Self.shipped("approvals.yaml"))
        #expect(commented.hash == policy.hash)
    }

    /// One broken variant: which file, the text to replace, what replaces it, the token the problem
    /// points at (its first occurrence in the new text), and words the message must hold.
    struct Broken: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let old: String
        let new: String
        let token: String
        let message: String
        var testDescription: String { name }
    }

    static let corpus: [Broken] = [
        Broken(name: "unknown feature", file: "tiers.yaml", old: "features: [core-licensing, api-access]\n",
               new: "features: [core-licensing, api-acess]\n", token: "api-acess]", message: "unknown feature \"api-acess\""),
        Broken(name: "unknown metric", file: "tiers.yaml", old: "- { metric: storage-gb, limit: 5, period: month }",
               new: "- { metric: storage-tb, limit: 5, period: month }", token: "{ metric: storage-tb", message: "unknown metric \"storage-tb\""),
        Broken(name: "negative amount", file: "tiers.yaml", old: "per_seat: 900,", new: "per_seat: -900,", token: "-900",
               message: "no negative amounts"),
        Broken(name: "duplicate add-on id", file: "tiers.yaml", old: "  - id: extra-storage\n", new: "  - id: extra-api-calls\n    # again\n",
               token: "id: extra-api-calls\n    # again", message: "duplicate add-on id \"extra-api-calls\""),
        Broken(name: "misspelt key", file: "approvals.yaml", old: "    expiry_hours: 72\n", new: "    expiry_hour: 72\n", token: "expiry_hour:",
               message: "unknown key \"expiry_hour\""),
        Broken(name: "duplicate key", file: "tiers.yaml", old: "currency: EUR\n", new: "currency: EUR\ncurrency: USD\n",
               token: "currency: EUR", message: "duplicate key \"currency\""),
        Broken(name: "uptime over 100 %", file: "tiers.yaml", old: "uptime_bp: 9950\n", new: "uptime_bp: 19950\n", token: "19950",
               message: "at most 10000"),
        Broken(name: "add-on for an unknown tier", file: "tiers.yaml", old: "available_for: [business]", new: "available_for: [busines]",
               token: "busines]", message: "unknown tier \"busines\""),
        Broken(name: "YAML syntax", file: "tiers.yaml", old: "billing_period: month\n", new: "billing_period: month\n  oops: [\n",
               token: "oops", message: "YAML"),
        Broken(name: "undeclared approver area", file: "approvals.yaml", old: "- { role: \"approver:legal\", count: 1 }\n      - { role: \"approver:finance\", count: 2 }",
               new: "- { role: \"approver:treasury\", count: 1 }\n      - { role: \"approver:finance\", count: 2 }", token: "\"approver:treasury\"",
               message: "nobody can fill this step"),
        Broken(name: "unknown role", file: "approvals.yaml", old: "review_role: approver:security", new: "review_role: ceo", token: "ceo",
               message: "is not a role"),
        Broken(name: "zero approvals", file: "approvals.yaml", old: "- { role: \"approver:finance\", count: 1 }\n    expiry_hours: 72",
               new: "- { role: \"approver:finance\", count: 0 }\n    expiry_hours: 72", token: "0 }\n    expiry_hours: 72", message: "at least 1"),
        Broken(name: "unknown tier in a rule", file: "approvals.yaml", old: "from_tiers: [enterprise]", new: "from_tiers: [enterprize]",
               token: "enterprize", message: "unknown tier \"enterprize\""),
        Broken(name: "empty range", file: "approvals.yaml", old: "seats_delta: { max: -50 }", new: "seats_delta: { min: 10, max: -50 }",
               token: "{ min: 10, max: -50 }", message: "can never match"),
        Broken(name: "shadowed rule", file: "approvals.yaml", old: "  - id: large-deal\n",
               new: "  - id: huge-discount\n    description: \"shadowed\"\n    match: { kinds: [upgrade], discount_bp: { min: 5000 } }\n    steps: [{ role: admin, count: 1 }]\n  - id: large-deal\n",
               token: "id: huge-discount", message: "rule deep-discount"),
        Broken(name: "rule after the default", file: "approvals.yaml", old: "escalation: { after_hours: 72, role: \"approver:finance\" }\n",
               new: "escalation: { after_hours: 72, role: \"approver:finance\" }\n  - id: late\n    description: \"too late\"\n    match: { kinds: [renew] }\n    steps: [{ role: admin, count: 1 }]\n",
               token: "id: late", message: "after the default rule"),
        Broken(name: "unknown change kind", file: "approvals.yaml", old: "kinds: [suspend, reinstate]", new: "kinds: [suspend, unsuspend]",
               token: "unsuspend", message: "unknown change kind \"unsuspend\""),
        Broken(name: "proposer may approve", file: "approvals.yaml", old: "proposer_may_approve: false", new: "proposer_may_approve: true",
               token: "true      #", message: "must be false"),
    ]

    @Test(arguments: corpus)
    func eachProblemIsReportedAtItsPlace(_ broken: Broken) throws {
        var tiers = try Self.shipped("tiers.yaml"), approvals = try Self.shipped("approvals.yaml")
        let original = broken.file == "tiers.yaml" ? tiers : approvals
        #expect(original.contains(broken.old), "the corpus case no longer applies to the shipped file")
        let changed = original.replacingOccurrences(of: broken.old, with: broken.new)
        if broken.file == "tiers.yaml" { tiers = changed } else { approvals = changed }
        // Where the token first appears, in 1-based line and column.
        let range = try #require(changed.range(of: broken.token))
        let before = changed[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        do {
            _ = try PolicySet.load(tiers: tiers, approvals: approvals)
            Issue.record("\(broken.name): no problem reported")
        } catch {
            #expect(error.problems.count == 1, "\(broken.name): \(error.problems)")
            let problem = try #require(error.problems.first)
            #expect(problem.file == broken.file)
            #expect(problem.message.contains(broken.message), "\(problem)")
            #expect(problem.line == line, "\(broken.name): \(problem)")
            if broken.name != "YAML syntax" { #expect(problem.column == column, "\(broken.name): \(problem)") }
        }
    }

    @Test func anAliasBombIsRefused() throws {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in "bcdefghij" {
            let name = String(level)
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let approvalsText = try Self.shipped("approvals.yaml")
        do {
            _ = try PolicySet.load(tiers: bomb, approvals: approvalsText)
            Issue.record("an alias bomb was accepted")
        } catch {
            #expect(error.problems.contains { $0.message.contains("alias bomb") })
        }
        // Modest aliasing is fine: anchors are a normal YAML tool.
        let aliased = try Self.shipped("tiers.yaml").replacingOccurrences(of: "    sla:\n      uptime_bp: 9900", with: "    sla: &starter-sla\n      uptime_bp: 9900")
        #expect(throws: Never.self) { try PolicySet.load(tiers: aliased, approvals: try Self.shipped("approvals.yaml")) }
    }

    @Test func explainPicksTheFirstMatchingRule() throws {
        let approvals = try PolicySet.load(directory: Self.directory).approvals
        func winner(_ facts: ChangeFacts) -> String? { approvals.evaluate(facts).winner?.id }
        #expect(winner(ChangeFacts(kind: .upgrade, fromTier: "team", toTier: "business", discountBp: 2500)) == "deep-discount")
        #expect(winner(ChangeFacts(kind: .upgrade, fromTier: "team", toTier: "business", discountBp: 500)) == "standard")
        #expect(winner(ChangeFacts(kind: .renew, amount: 6_000_000)) == "large-deal")
        #expect(winner(ChangeFacts(kind: .downgrade, fromTier: "enterprise", toTier: "team", seatsDelta: -200)) == "enterprise-downgrade")
        #expect(winner(ChangeFacts(kind: .seats, seatsDelta: -60)) == "big-seat-cut")
        #expect(winner(ChangeFacts(kind: .terminate)) == "termination-or-transfer")
        #expect(winner(ChangeFacts(kind: .policyAdopt)) == "policy-change")
        let decisions = approvals.evaluate(ChangeFacts(kind: .seats, seatsDelta: -10)).decisions
        #expect(decisions.first { $0.rule.id == "big-seat-cut" }?.reason == "seat change -10 is not at most -50")
        #expect(decisions.last?.outcome == .matches)
    }
}
