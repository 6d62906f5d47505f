import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// Maintenance windows announced with notice, force-majeure exclusions, credits on what the
/// customer pays with the tier's cap, and credits issued as entries.
@Suite struct SLAFairnessTests {
    func t(_ text: String) -> EntryTime { EntryTime(rfc3339: text)! }

    /// T-1 (team, 10 seats, customer tee), issued in January; the clock then runs into March 2.
    func office() throws -> Office {
        let o = try Office()
        let cr = try o.propose(.issue, "T-1", ["customer": "tee", "tier": "team", "seats": 10, "term_months": 12])
        try o.approveAll(cr)
        try o.apply(cr)
        o.g.advance(hours: 24 * 60 - o.g.clock)
        return o
    }

    func outage(_ start: String, _ end: String) -> JSONValue {
        SLAEntry.incidentBody(start: t(start), end: t(end), severity: .sev1, customers: [], tiers: ["team"], summary: "down")
    }

    func enrolCompliance(_ o: Office) throws -> PrivateKey {
        let key = try PrivateKey.generate(.ed25519)
        try o.g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "cora", roles: [.compliance], key: key.publicKey, policy: o.policy.hash), by: o.g.admin)
        return key
    }

    @Test func anOutageInsideAWindowAnnouncedWithNoticeDoesNotCount() throws {
        let o = try office()
        // Announced on March 2 for March 10 02:00–06:00 (team's notice is 72 hours by default): with notice.
        try o.g.write(SLAEntry.maintenance, SLAEntry.maintenanceBody(start: t("2026-03-10T02:00:00.000Z"), end: t("2026-03-10T06:00:00.000Z"),
                                                                     customers: [], tiers: ["team"], summary: "database upgrade"), by: o.g.ops)
        // Announced only hours before: no notice, so it excuses nothing.
        o.g.advance(hours: 24 * 14)
        let late = o.g.nextTime
        try o.g.write(SLAEntry.maintenance, SLAEntry.maintenanceBody(start: EntryTime(milliseconds: late.milliseconds + 2 * 3_600_000)!,
                                                                     end: EntryTime(milliseconds: late.milliseconds + 4 * 3_600_000)!,
                                                                     customers: ["tee"], tiers: [], summary: "urgent patch"), by: o.g.ops)
        o.g.advance(hours: 24 * 20)   // into April
        // Down 01:00–07:00 on March 10: 120 minutes outside the window count, 240 inside do not.
        try o.g.write(SLAEntry.incident, outage("2026-03-10T01:00:00.000Z", "2026-03-10T07:00:00.000Z"), by: o.g.ops)
        let state = try o.state()
        let march = try SLAAttainment.compute(try #require(state.licenses["T-1"]), month: "2026-03", state: state)
        #expect(march.downtimeMinutes == 120)
        #expect(march.excusedMinutes == 240)
        #expect(state.slaMaintenance.map { $0.hadNotice(hours: 72) } == [true, false])
    }

    @Test func aWindowMustBeAnnouncedBeforeItStarts() throws {
        let o = try office()
        let now = o.g.nextTime
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.maintenance, SLAEntry.maintenanceBody(start: EntryTime(milliseconds: now.milliseconds - 3_600_000)!, end: now,
                                                                         customers: ["tee"], tiers: [], summary: "after the fact"), by: o.g.ops)
        }
    }

    @Test func forceMajeureExcludesAnIncidentAndOnlyAdminOrComplianceMayDeclareIt() throws {
        let o = try office()
        let cora = try enrolCompliance(o)
        o.g.advance(hours: 24 * 30)   // into April
        let incident = try o.g.write(SLAEntry.incident, outage("2026-03-04T10:00:00.000Z", "2026-03-04T16:00:00.000Z"), by: o.g.ops).entry.seq
        let before = try o.state()
        let charged = try SLAAttainment.compute(try #require(before.licenses["T-1"]), month: "2026-03", state: before)
        #expect(charged.downtimeMinutes == 360)
        #expect(charged.credit > 0)

        // The operator who records incidents may not excuse them.
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.exclusion, SLAEntry.exclusionBody(incident: incident, reason: "force-majeure", note: "flood"), by: o.g.ops)
        }
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.exclusion, SLAEntry.exclusionBody(incident: incident, reason: "we were busy", note: "no"), by: cora)
        }
        try o.g.write(SLAEntry.exclusion, SLAEntry.exclusionBody(incident: incident, reason: "force-majeure", note: "regional power grid failure"), by: cora)
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.exclusion, SLAEntry.exclusionBody(incident: incident, reason: "force-majeure", note: "again"), by: cora)
        }
        let after = try o.state()
        let excused = try SLAAttainment.compute(try #require(after.licenses["T-1"]), month: "2026-03", state: after)
        #expect(excused.downtimeMinutes == 0)
        #expect(excused.credit == 0)
        #expect(after.slaExclusions[incident]?.by == "cora")
    }

    @Test func creditsIssuedAreRecordedAndNeverExceedWhatIsOwed() throws {
        let o = try office()
        o.g.advance(hours: 24 * 30)   // into April
        try o.g.write(SLAEntry.incident, outage("2026-03-04T10:00:00.000Z", "2026-03-04T16:00:00.000Z"), by: o.g.ops)
        let state = try o.state()
        let owed = try SLAAttainment.compute(try #require(state.licenses["T-1"]), month: "2026-03", state: state)
        #expect(owed.credit == 1_099)      // 5 % of 219.88 EUR a month (239.00 less the 8 % term discount)
        #expect(owed.creditIssued == 0)

        // Not for a month still running, not more than owed, only in the catalog's currency.
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-04", amount: 1, currency: "EUR"), by: o.g.ops)
        }
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-03", amount: 1_100, currency: "EUR"), by: o.g.ops)
        }
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-03", amount: 1_000, currency: "USD"), by: o.g.ops)
        }
        try o.g.write(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-03", amount: 1_000, currency: "EUR"), by: o.g.ops)
        #expect(throws: (any Error).self) {
            try o.g.write(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-03", amount: 100, currency: "EUR"), by: o.g.ops)
        }
        try o.g.write(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-03", amount: 99, currency: "EUR"), by: o.g.ops)
        let after = try o.state()
        let settled = try SLAAttainment.compute(try #require(after.licenses["T-1"]), month: "2026-03", state: after)
        #expect(settled.creditIssued == 1_099)
        #expect(settled.creditOutstanding == 0)
        #expect(settled.json["credit_issued"]?.integerValue == 1_099)
        // The snapshot carries them.
        let bytes = GovernanceSnapshot(state: after, head: try #require(try o.g.ledger.head())).bytes
        let decoded = try GovernanceSnapshot(decoding: bytes)
        #expect(decoded.state.creditIssued("T-1", month: "2026-03") == 1_099)
        #expect(decoded.bytes == bytes)
    }

    @Test func theTiersCapLimitsTheCredit() throws {
        let o = try Office(tiers: { $0.replacingOccurrences(of: "support_regions: [eu, us]", with: "support_regions: [eu, us]\n      credit_cap_bp: 300") })
        let cr = try o.propose(.issue, "T-1", ["customer": "tee", "tier": "team", "seats": 10, "term_months": 12])
        try o.approveAll(cr)
        try o.apply(cr)
        o.g.advance(hours: 24 * 100)
        try o.g.write(SLAEntry.incident, outage("2026-03-04T10:00:00.000Z", "2026-03-04T16:00:00.000Z"), by: o.g.ops)
        let state = try o.state()
        #expect(state.policy?.set.catalog.tier("team")?.sla.creditCapBp == 300)
        let capped = try SLAAttainment.compute(try #require(state.licenses["T-1"]), month: "2026-03", state: state)
        #expect(capped.creditBp == 300)          // the 5 % step, capped at 3 %
        #expect(capped.credit == (21_988 * 300 + 5_000) / 10_000)
    }

    @Test func aForgedCreditIsNamedByVerifyAtItsEntry() throws {
        let o = try office()
        o.g.advance(hours: 24 * 30)
        try o.g.write(SLAEntry.incident, outage("2026-03-04T10:00:00.000Z", "2026-03-04T16:00:00.000Z"), by: o.g.ops)
        let forged = try o.g.force(SLAEntry.credit, SLAEntry.creditBody(license: "T-1", month: "2026-03", amount: 50_000, currency: "EUR"), by: o.g.ops)
        let failure = try #require(try o.g.verify().failure)
        #expect(failure.seq == forged)
        #expect(failure.reason.contains("too much"))
    }
}
