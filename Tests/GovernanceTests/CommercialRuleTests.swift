import Foundation
import Governance
import Ledger
@testable import Reports
import Testing
import TestSupport

/// Trials, overages and who may apply a change, as the rules and the verifier see them: each rule
/// is checked when an entry is written and again on replay, where a forged entry breaking it is
/// named at its entry.
@Suite struct CommercialRuleTests {
    /// The day `days` after the next entry's time, as a trial's `ends` date.
    static func day(_ o: Office, plus days: Int64) throws -> String {
        String(try #require(EntryTime(milliseconds: o.g.nextTime.milliseconds + days * 86_400_000)).rfc3339.prefix(10))
    }

    static func trial(_ o: Office, _ id: String, tier: String = "team", seats: Int64 = 5, days: Int64) throws -> Int64 {
        let cr = try o.propose(.trial, id, ["customer": "try-co", "tier": .string(tier), "seats": .integer(seats), "ends": .string(try day(o, plus: days))])
        try o.approveAll(cr)
        try o.apply(cr)
        return cr
    }

    @Test func aTrialIsLimitedByItsTierAndConvertsKeepingItsHistory() throws {
        let o = try Office()
        o.refused("at most 30 days") { _ = try o.propose(.trial, "T-1", ["customer": "c", "tier": "team", "seats": 5, "ends": .string(try Self.day(o, plus: 31))]) }
        o.refused("1 to 10 seats") { _ = try o.propose(.trial, "T-1", ["customer": "c", "tier": "team", "seats": 11, "ends": .string(try Self.day(o, plus: 5))]) }
        o.refused("not offered on trial") { _ = try o.propose(.trial, "T-1", ["customer": "c", "tier": "starter", "seats": 1, "ends": .string(try Self.day(o, plus: 5))]) }
        o.refused("YYYY-MM-DD") { _ = try o.propose(.trial, "T-1", ["customer": "c", "tier": "team", "seats": 1, "ends": "next week"]) }
        let started = try Self.trial(o, "T-1", days: 20)
        var license = try #require(try o.state().licenses["T-1"])
        #expect(license.isTrial)
        #expect(license.trialSince == license.changes.first)
        #expect(try o.state().requests[started]?.quote == nil)
        o.refused("is a trial; convert it") { _ = try o.propose(.upgrade, "T-1", ["to_tier": "business"]) }
        o.refused("is a trial; convert it") { _ = try o.propose(.renew, "T-1", ["term_months": 12]) }
        o.refused("is not a trial") {
            let issued = try o.propose(.issue, "P-1", Office.teamIssue)
            try o.approveAll(issued)
            try o.apply(issued)
            _ = try o.propose(.convert, "P-1", ["term_months": 12])
        }

        let convert = try o.propose(.convert, "T-1", ["term_months": 12, "seats": 12])
        #expect(try o.request(convert).quote?.seats == 12)
        try o.approveAll(convert)
        try o.apply(convert)
        license = try #require(try o.state().licenses["T-1"])
        #expect(!license.isTrial)
        #expect(license.seats == 12)
        #expect(license.changes.count == 2)                      // the trial and the conversion: one history
        #expect(license.convertedAt == license.changes.last)
        #expect(license.json["trial"]?["since"] == .integer(license.changes[0]))
        o.refused("already converted") { _ = try o.propose(.convert, "T-1", ["term_months": 12]) }
        #expect(try o.g.verify().failure == nil)
    }

    static func healthFindings(_ o: Office, at asOf: EntryTime, _ categories: Set<String>) throws -> [String: JSONValue] {
        let report = try Report.make(.health, ledger: FileLedger.open(o.g.ledger.paths.root), scope: ReportScope(to: .time(asOf)))
        var out: [String: JSONValue] = [:]
        for f in report.json["findings"]?.arrayValue ?? [] {
            guard let category = f["category"]?.stringValue, categories.contains(category), let subject = f["subject"]?.stringValue else { continue }
            out["\(category) \(subject)"] = f
        }
        return out
    }

    @Test func trialsEndingSoonAndExpiredUnconvertedAreFindings() throws {
        let o = try Office()
        _ = try Self.trial(o, "T-1", days: 10)
        _ = try Self.trial(o, "T-2", days: 11)
        let state = try o.state()
        let t1 = try #require(state.licenses["T-1"]), t2 = try #require(state.licenses["T-2"])
        let categories: Set<String> = ["trial-ending", "trial-expired", "renewal-due", "expired-unrenewed"]
        // Five days before T-1 ends: T-1 (and T-2, six days out) end within the week.
        let soon = try #require(EntryTime(milliseconds: t1.termEnd.milliseconds - 5 * 86_400_000))
        var found = try Self.healthFindings(o, at: soon, categories)
        #expect(found.keys.sorted() == ["trial-ending T-1", "trial-ending T-2"])
        #expect(found["trial-ending T-1"]?["finding"]?.stringValue?.contains("in 5 days") == true)
        #expect(found["trial-ending T-1"]?["entries"]?.arrayValue?.first?.integerValue == t1.trialSince)
        // A conversion pending for T-2 silences its finding; after both ends, T-1 is an expired trial, not an unrenewed license.
        o.g.advance(hours: 24 * 9)
        try o.propose(.convert, "T-2", ["term_months": 12])
        found = try Self.healthFindings(o, at: try #require(EntryTime(milliseconds: t2.termEnd.milliseconds + 3 * 86_400_000)), categories)
        #expect(found.keys.sorted() == ["trial-expired T-1"])
        #expect(found["trial-expired T-1"]?["finding"]?.stringValue?.contains("was not converted") == true)
        #expect(found["trial-expired T-1"]?["recommendation"]?.stringValue?.contains("change propose convert --license T-1") == true)
        // Long after, it drops out as lapsed licenses do.
        #expect(try Self.healthFindings(o, at: try #require(EntryTime(milliseconds: t1.termEnd.milliseconds + 200 * 86_400_000)), categories).isEmpty)
    }

    /// A proposal body built by hand, with the rule the policy would assign, for forging.
    static func proposal(_ o: Office, _ kind: ChangeKind, _ license: String, _ params: JSONValue, rule: String = "standard") -> JSONValue {
        .object(["kind": .string(kind.rawValue), "license": .string(license), "params": params, "reason": "forged", "policy": .string(o.policy.hash),
                 "rule": .string(rule), "quote": .null])
    }

    @Test(arguments: ["a trial longer than its tier allows", "a trial with more seats than its tier allows", "a trial applied after its end",
                      "a conversion of a paid license", "a change to an unconverted trial", "an apply by the proposer the rule forbids",
                      "an apply by an approver the rule forbids"])
    func forgedEntriesBreakingTheRulesFailVerifyAtTheirEntry(_ forgery: String) throws {
        // Every rule forbids approvers to apply, so that forgery has a rule to break.
        let o = try Office(approvals: { $0.replacingOccurrences(of: "    default: true\n", with: "    default: true\n    approvers_may_apply: false\n") })
        let seq: Int64
        let reason: String
        switch forgery {
        case "a trial longer than its tier allows":
            seq = try o.g.force(Workflow.propose, Self.proposal(o, .trial, "T-9", ["customer": "c", "tier": "team", "seats": 5, "ends": .string(try Self.day(o, plus: 45))]), by: o.key("pat"))
            reason = "at most 30 days"
        case "a trial with more seats than its tier allows":
            seq = try o.g.force(Workflow.propose, Self.proposal(o, .trial, "T-9", ["customer": "c", "tier": "team", "seats": 50, "ends": .string(try Self.day(o, plus: 5))]), by: o.key("pat"))
            reason = "1 to 10 seats"
        case "a trial applied after its end":
            let cr = try o.propose(.trial, "T-9", ["customer": "c", "tier": "team", "seats": 5, "ends": .string(try Self.day(o, plus: 1))])
            try o.approveAll(cr)
            o.g.advance(hours: 24 * 3)
            seq = try o.g.force(Workflow.apply, Workflow.application(request: cr, proposal: try o.request(cr).proposalHash, policy: o.policy.hash), by: o.g.ops)
            reason = "before it starts"
        case "a conversion of a paid license":
            let cr = try o.propose(.issue, "P-9", Office.teamIssue)
            try o.approveAll(cr)
            try o.apply(cr)
            seq = try o.g.force(Workflow.propose, Self.proposal(o, .convert, "P-9", ["term_months": 12]), by: o.key("pat"))
            reason = "is not a trial"
        case "a change to an unconverted trial":
            _ = try Self.trial(o, "T-9", days: 10)
            seq = try o.g.force(Workflow.propose, Self.proposal(o, .seats, "T-9", ["seats": 7]), by: o.key("pat"))
            reason = "is a trial"
        case "an apply by the proposer the rule forbids":
            // pat may apply as an operator too, but not a termination it proposed.
            try o.g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "pat", add: [.operator], remove: [], policy: o.policy.hash), by: o.g.admin)
            let issued = try o.propose(.issue, "P-9", Office.teamIssue)
            try o.approveAll(issued)
            try o.apply(issued)
            let cr = try o.propose(.terminate, "P-9", [:])
            try o.approveAll(cr)
            o.refused("forbids the proposer") { try o.apply(cr, by: "pat") }
            seq = try o.g.force(Workflow.apply, Workflow.application(request: cr, proposal: try o.request(cr).proposalHash, policy: o.policy.hash), by: o.key("pat"))
            reason = "forbids the proposer to apply it"
        default:
            try o.g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "deal", add: [.operator], remove: [], policy: o.policy.hash), by: o.g.admin)
            let cr = try o.propose(.issue, "P-9", Office.teamIssue)
            try o.approveAll(cr)
            o.refused("forbids an approver") { try o.apply(cr, by: "deal") }
            seq = try o.g.force(Workflow.apply, Workflow.application(request: cr, proposal: try o.request(cr).proposalHash, policy: o.policy.hash), by: o.key("deal"))
            reason = "forbids an approver to apply it"
        }
        let failure = try #require(try o.g.verify().failure, "\(forgery) not detected")
        #expect(failure.seq == seq, "\(forgery): \(failure)")
        #expect(failure.code == .authority, "\(forgery): \(failure)")
        #expect(failure.reason.contains(reason), "\(forgery): \(failure.reason)")
    }

    @Test func overageIsPricedInQuotesAndPolicyCheckHoldsItToTheBillingPeriod() throws {
        let policy = try PolicySet.load(directory: PolicyCheckTests.directory)
        let plain = try policy.quote(tier: "team", seats: 10)
        #expect(!plain.lines.contains { $0.kind == "overage" })
        let over = try policy.quote(tier: "team", seats: 10, usage: ["api-calls": 1_250_000, "storage-gb": 40])
        let line = try #require(over.lines.last)
        #expect(line.kind == "overage")
        #expect(line.quantity == 25 && line.unitAmount == 100 && line.amount == 2_500)   // 250,000 over, started 10,000s at 1.00 EUR
        #expect(over.total == plain.total + 2_500)
        #expect(over.lines.filter { $0.kind == "overage" }.count == 1)                  // storage within its quota
        #expect(QuoteText.description(line, currency: "EUR").hasSuffix("25 × 1.00 EUR per 10,000"))
        // The add-on's +10M calls hold the use: no overage.
        #expect(!(try policy.quote(tier: "team", seats: 10, addons: ["extra-api-calls"], usage: ["api-calls": 1_250_000])).lines.contains { $0.kind == "overage" })
        #expect(throws: QuoteError.self) { try policy.quote(tier: "team", seats: 10, usage: ["activations": 6_000]) }
        #expect(throws: QuoteError.self) { try policy.quote(tier: "team", seats: 10, usage: ["no-such-metric": 1]) }

        let tiers = try String(contentsOfFile: PolicyCheckTests.directory + "/tiers.yaml", encoding: .utf8)
        let approvals = try String(contentsOfFile: PolicyCheckTests.directory + "/approvals.yaml", encoding: .utf8)
        let daily = tiers.replacingOccurrences(of: "{ metric: activations, limit: 5000, period: month }",
                                              with: "{ metric: activations, limit: 5000, period: day, overage: { price: 10, per: 100 } }")
        #expect(daily != tiers)
        #expect {
            try PolicySet.load(tiers: daily, approvals: approvals)
        } throws: { error in
            (error as? PolicyError)?.problems.contains { $0.message.contains("price overage only on quotas whose period is the billing period") } == true
        }
        let free = tiers.replacingOccurrences(of: "overage: { price: 100, per: 10000 } }", with: "overage: { price: 0, per: 10000 } }")
        #expect(throws: PolicyError.self) { try PolicySet.load(tiers: free, approvals: approvals) }
    }

    @Test func anOverageFindingSaysWhatItCostsAndTheCheapestRemedy() throws {
        let o = try Office()
        for (license, customer) in [("O-1", "small-over"), ("O-2", "far-over"), ("O-3", "no-rate")] {
            let cr = try o.propose(.issue, license, ["customer": .string(customer), "tier": license == "O-3" ? "starter" : "team", "seats": 5, "term_months": 12])
            try o.approveAll(cr)
            try o.apply(cr)
        }
        var records: [JSONValue] = []
        for (license, metric, value) in [("O-1", "api-calls", 1_250_000), ("O-2", "api-calls", 9_000_000), ("O-3", "storage-gb", 8)] as [(String, String, Int64)] {
            records.append(["license": .string(license), "metric": .string(metric), "period_start": "2026-01-01", "period_end": "2026-01-31", "value": .integer(value)])
        }
        try o.g.write(UsageEntry.type, ["records": .array(records)], by: o.g.ops)
        let found = try Self.healthFindings(o, at: o.g.nextTime, ["quota-overage"])
        #expect(found.keys.sorted() == ["quota-overage O-1", "quota-overage O-2", "quota-overage O-3"])
        // 250,000 over: 25.00 EUR of overage, less than the 250.00 EUR add-on.
        let small = try #require(found["quota-overage O-1"])
        #expect(small["finding"]?.stringValue?.contains("250,000 over, which costs 25.00 EUR at Team's overage rate of 1.00 EUR per 10,000 api-calls") == true)
        #expect(small["recommendation"]?.stringValue?.hasPrefix("cheapest remedy: add extra-api-calls (+10,000,000 api-calls): +250.00 EUR a month") == true)
        #expect(small["recommendation"]?.stringValue?.contains("paying the overage (25.00 EUR a month) costs less than any remedy") == true)
        // 8,000,000 over: 800.00 EUR of overage; the add-on is cheaper.
        let far = try #require(found["quota-overage O-2"])
        #expect(far["finding"]?.stringValue?.contains("costs 800.00 EUR") == true)
        #expect(far["recommendation"]?.stringValue?.hasPrefix("cheapest remedy: add extra-api-calls") == true)
        #expect(far["recommendation"]?.stringValue?.contains("paying the overage") == false)
        // Starter sells no storage overage: the remedy is the upgrade.
        let none = try #require(found["quota-overage O-3"])
        #expect(none["finding"]?.stringValue?.contains("Starter sells no storage-gb overage") == true)
        #expect(none["recommendation"]?.stringValue?.hasPrefix("cheapest remedy: upgrade to Team (team)") == true)
    }
}
