import Governance
import Ledger
import Testing

/// Every lifecycle rule, refused with its reason, straight against LicenseChange.evaluate.
@Suite struct LifecycleRuleTests {
    static let policy = try? PolicySet.load(directory: PolicyCheckTests.directory)
    static let t0 = EntryTime(rfc3339: "2026-03-01T00:00:00.000Z")!

    /// A team license with 10 seats and extra-storage, issued at t0 for 12 months.
    static func license(_ status: License.Status = .active) throws -> License {
        let policy = try #require(Self.policy)
        var l = try LicenseChange.evaluate(.issue, id: "L", params: ["customer": "c", "tier": "team", "seats": 10, "term_months": 12,
                                                                     "addons": ["extra-storage"]],
                                           license: nil, at: t0, policy: policy, seq: 1).license
        if status != .active {
            l = try LicenseChange.evaluate(status == .suspended ? .suspend : .terminate, id: "L", params: [:], license: l, at: t0, policy: policy, seq: 2).license
        }
        return l
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let kind: ChangeKind
        let params: JSONValue
        let status: License.Status?   // nil: no license yet
        let monthsLater: Int64
        let reason: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "issue over an existing license", kind: .issue, params: ["customer": "c", "tier": "team", "seats": 10, "term_months": 12], status: .active, monthsLater: 0, reason: "already exists"),
        Case(name: "change to a license never issued", kind: .seats, params: ["seats": 12], status: nil, monthsLater: 0, reason: "no license L has been issued"),
        Case(name: "upgrade to a lower tier", kind: .upgrade, params: ["to_tier": "starter"], status: .active, monthsLater: 0, reason: "not above team"),
        Case(name: "downgrade to a higher tier", kind: .downgrade, params: ["to_tier": "business"], status: .active, monthsLater: 0, reason: "not below team"),
        Case(name: "upgrade of an expired license", kind: .upgrade, params: ["to_tier": "business"], status: .active, monthsLater: 13, reason: "expired"),
        Case(name: "renewal of a terminated license", kind: .renew, params: ["term_months": 12], status: .terminated, monthsLater: 0, reason: "terminated"),
        Case(name: "reinstatement of an active license", kind: .reinstate, params: [:], status: .active, monthsLater: 0, reason: "only a suspended license can be reinstated"),
        Case(name: "suspension of a suspended license", kind: .suspend, params: [:], status: .suspended, monthsLater: 0, reason: "only an active license can be suspended"),
        Case(name: "seats unchanged", kind: .seats, params: ["seats": 10], status: .active, monthsLater: 0, reason: "already has 10 seats"),
        Case(name: "seats beyond the tier", kind: .seats, params: ["seats": 500], status: .active, monthsLater: 0, reason: "3 to 100 seats"),
        Case(name: "an add-on twice", kind: .addonAdd, params: ["addon": "extra-storage"], status: .active, monthsLater: 0, reason: "already on the license"),
        Case(name: "an add-on not offered for the tier", kind: .addonAdd, params: ["addon": "premium-support"], status: .active, monthsLater: 0, reason: "not offered for Team"),
        Case(name: "removing an absent add-on", kind: .addonRemove, params: ["addon": "sso-addon"], status: .active, monthsLater: 0, reason: "not on the license"),
        Case(name: "a quota on an unknown metric", kind: .quotaAdjust, params: ["metric": "cpu-hours", "limit": 5], status: .active, monthsLater: 0, reason: "unknown metric"),
        Case(name: "a transfer to the same customer", kind: .transfer, params: ["to_customer": "c"], status: .active, monthsLater: 0, reason: "already belongs to c"),
        Case(name: "an unknown parameter", kind: .suspend, params: ["when": "now"], status: .active, monthsLater: 0, reason: "unknown parameter \"when\""),
    ]

    @Test(arguments: cases)
    func refused(_ c: Case) throws {
        let policy = try #require(Self.policy)
        let license = try c.status.map { try Self.license($0) }
        let at = try #require(Self.t0.addingMonths(c.monthsLater))
        #expect {
            try LicenseChange.evaluate(c.kind, id: "L", params: c.params, license: license, at: at, policy: policy, seq: 9)
        } throws: { error in
            (error as? AuthorityViolation)?.message.contains(c.reason) == true
        }
    }

    @Test func allowedChangesDoWhatTheySay() throws {
        let policy = try #require(Self.policy)
        let l = try Self.license()
        func run(_ kind: ChangeKind, _ params: JSONValue, _ license: License, months: Int64 = 1) throws -> License {
            try LicenseChange.evaluate(kind, id: "L", params: params, license: license, at: try #require(Self.t0.addingMonths(months)),
                                       policy: policy, seq: 9).license
        }
        #expect(try run(.upgrade, ["to_tier": "business"], l).tier == "business")
        #expect(try run(.downgrade, ["to_tier": "starter"], l).addons == [])          // extra-storage is not offered for starter
        #expect(try run(.renew, ["term_months": 12], l).termEnd == Self.t0.addingMonths(24))
        let expired = try run(.renew, ["term_months": 6], l, months: 14)               // renewing an expired license restarts its term
        #expect(expired.termStart == Self.t0.addingMonths(14))
        #expect(try run(.quotaAdjust, ["metric": "api-calls", "limit": 2_000_000], l).quotaOverrides == ["api-calls": 2_000_000])
        #expect(try run(.addonRemove, ["addon": "extra-storage"], l).addons == [])
        #expect(try run(.transfer, ["to_customer": "c2"], l).customer == "c2")
        #expect(l.status(at: Self.t0.addingMonths(12)!) == .expired)
        #expect(l.status(at: Self.t0.addingMonths(11)!) == .active)
        #expect(EntryTime(rfc3339: "2026-01-31T10:00:00.000Z")!.addingMonths(1)?.rfc3339 == "2026-02-28T10:00:00.000Z")
    }
}
