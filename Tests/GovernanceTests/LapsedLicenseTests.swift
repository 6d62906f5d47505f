import Foundation
import Governance
import Ledger
@testable import Reports
import Testing
import TestSupport

/// The health report sees licenses out of service: suspended ones, those whose term ended without a
/// renewal (or while suspended), and lapsed ones with SLA credits computed for them; expired and
/// terminated licenses drop out once the longest renewal window has passed.
@Suite struct LapsedLicenseTests {
    /// X-1 runs out; Y-1 is suspended and runs out suspended; Z-1 has an outage worth a credit and is
    /// terminated; R-1 runs out with a renewal pending; A-1 stays active for the year.
    static func ledger() throws -> Office {
        let o = try Office()
        func change(_ kind: ChangeKind, _ license: String, _ params: JSONValue) throws {
            let cr = try o.propose(kind, license, params)
            try o.approveAll(cr)
            try o.apply(cr)
        }
        for (license, customer, months) in [("X-1", "ex", 3), ("Y-1", "why", 3), ("Z-1", "zed", 12), ("R-1", "are", 3), ("A-1", "ay", 12)] {
            try change(.issue, license, ["customer": .string(customer), "tier": "team", "seats": 10, "term_months": .integer(Int64(months))])
        }
        try change(.suspend, "Y-1", [:])
        let outage = o.g.nextTime
        o.g.advance(hours: 24)
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: outage, end: try #require(EntryTime(milliseconds: outage.milliseconds + 8 * 3_600_000)),
                                                               severity: .sev1, customers: ["zed"], tiers: [], summary: "outage"), by: o.g.ops)
        o.g.advance(hours: 24 * 20)
        try change(.terminate, "Z-1", [:])
        o.g.advance(hours: 24 * 68)                                                       // a few days before the short terms end
        try o.propose(.renew, "R-1", ["term_months": 12])
        return o
    }

    static func findings(_ o: Office, daysAfterTheTerms days: Int64) throws -> [String: JSONValue] {
        let x = try #require(try o.state().licenses["X-1"])
        let asOf = try #require(EntryTime(milliseconds: x.termEnd.milliseconds + days * 86_400_000))
        let report = try Report.make(.health, ledger: FileLedger.open(o.g.ledger.paths.root), scope: ReportScope(to: .time(asOf)))
        var out: [String: JSONValue] = [:]
        for f in report.json["findings"]?.arrayValue ?? [] {
            guard let category = f["category"]?.stringValue, let subject = f["subject"]?.stringValue,
                  ["license-suspended", "expired-unrenewed", "expired-while-suspended", "credits-lapsed"].contains(category) else { continue }
            out["\(category) \(subject)"] = f
        }
        return out
    }

    @Test func lapsedLicensesAreFindings() throws {
        let o = try Self.ledger()
        let found = try Self.findings(o, daysAfterTheTerms: 10)
        #expect(found.keys.sorted() == ["credits-lapsed Z-1", "expired-unrenewed X-1", "expired-while-suspended Y-1"])
        #expect(found["expired-unrenewed X-1"]?["finding"]?.stringValue?.contains("10 days ago") == true)
        #expect(found["expired-while-suspended Y-1"]?["severity"]?.stringValue == "warning")
        // The suspension is the entry cited first.
        let state = try o.state()
        let suspension = try #require(state.licenses["Y-1"]?.changes.last)
        #expect(found["expired-while-suspended Y-1"]?["entries"]?.arrayValue?.first?.integerValue == suspension)
        // Z-1's credit: its outage's entry is cited and the amount is the one `sla attainment` computes.
        let credit = try #require(found["credits-lapsed Z-1"])
        #expect(credit["finding"]?.stringValue?.hasPrefix("terminated, with SLA credits of ") == true)
        let incident = try #require(state.incidents.first)
        #expect(credit["entries"]?.arrayValue?.compactMap(\.integerValue) == [incident.seq])
        let month = String(incident.start.rfc3339.prefix(7))
        let zed = try #require(state.licenses["Z-1"])
        let owed = try SLAMonth(month, state: state).attainment(of: zed).credit
        #expect(owed > 0)
        #expect(credit["finding"]?.stringValue?.contains(Money.text(owed, "EUR")) == true)
    }

    @Test func aSuspendedLicenseIsAFindingWhileItsTermRuns() throws {
        let o = try Self.ledger()
        let found = try Self.findings(o, daysAfterTheTerms: -5)
        #expect(found.keys.sorted() == ["credits-lapsed Z-1", "license-suspended Y-1"])
        #expect(found["license-suspended Y-1"]?["recommendation"]?.stringValue?.contains("change propose reinstate --license Y-1") == true)
    }

    @Test func lapsedLicensesDropOutAfterTheLongestRenewalWindow() throws {
        let o = try Self.ledger()
        #expect(try Self.findings(o, daysAfterTheTerms: 200).isEmpty)
    }
}
