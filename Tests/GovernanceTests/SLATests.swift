import Governance
import Ledger
import Testing
import TestSupport

@Suite struct SupportHoursTests {
    let fridayFive = EntryTime(rfc3339: "2026-03-06T17:00:00.000Z")!    // a Friday
    let mondayTen = EntryTime(rfc3339: "2026-03-09T10:00:00.000Z")!

    @Test func clocksRunOnlyInSupportHours() throws {
        // Friday 17–18 and Monday 09–10.
        #expect(try #require(SupportHours("business")).elapsed(from: fridayFive, to: mondayTen) == 120 * 60_000)
        // Friday 17–22, Saturday 07–22, Monday 07–10.
        #expect(try #require(SupportHours("extended")).elapsed(from: fridayFive, to: mondayTen) == (5 + 15 + 3) * 3_600_000)
        #expect(try #require(SupportHours("24x7")).elapsed(from: fridayFive, to: mondayTen) == 65 * 3_600_000)
        #expect(try #require(SupportHours("business")).elapsed(from: mondayTen, to: fridayFive) == 0)
        #expect(SupportHours("weekends") == nil)
    }
}

@Suite struct SLATests {
    func t(_ text: String) -> EntryTime { EntryTime(rfc3339: text)! }

    /// T-1 (team, 10 seats) and B-1 (business, 20 seats), issued in January; March's records are
    /// written in April.
    func office() throws -> Office {
        let o = try Office()
        for (id, customer, tier, seats) in [("T-1", "tee", "team", 10), ("B-1", "bee", "business", 20)] {
            let cr = try o.propose(.issue, id, ["customer": .string(customer), "tier": .string(tier), "seats": .integer(Int64(seats)), "term_months": 12])
            try o.approveAll(cr)
            try o.apply(cr)
        }
        o.g.advance(hours: 24 * 100)   // into April
        return o
    }

    @Test func uptimeCreditsAndTicketsAgainstTheTiersSLA() throws {
        let o = try office()
        // Outages: the team tier 10:00–16:00, and customer tee 15:00–17:00 (overlap counted once): 420 minutes.
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T16:00:00.000Z"),
                                                               severity: .sev1, customers: [], tiers: ["team"], summary: "EU API down"), by: o.g.ops)
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T15:00:00.000Z"), end: t("2026-03-04T17:00:00.000Z"),
                                                               severity: .sev1, customers: ["tee"], tiers: [], summary: "tenant restore"), by: o.g.ops)
        // Degraded, not down: recorded, not counted against uptime.
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-20T00:00:00.000Z"), end: t("2026-03-21T00:00:00.000Z"),
                                                               severity: .sev2, customers: [], tiers: ["team"], summary: "slow search"), by: o.g.ops)
        // Ticket 1 (sev2: 240 min response, 48 h resolution, business hours): answered in 120 business minutes,
        // resolved in 60 + 540 + 540 + 480 = 1,620. Ticket 2 (sev1: 120 min, 24 h): answered in 180 (late), resolved in 360.
        try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: .sev2, opened: t("2026-03-06T17:00:00.000Z"),
                                                           firstResponse: t("2026-03-09T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.g.ops)
        try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: .sev1, opened: t("2026-03-10T09:00:00.000Z"),
                                                           firstResponse: t("2026-03-10T12:00:00.000Z"), resolved: t("2026-03-10T15:00:00.000Z")), by: o.g.ops)
        let state = try o.state()
        #expect(state.incidents.map(\.licenses) == [["T-1"], ["T-1"], ["T-1"]])

        let team = try SLAAttainment.compute(try #require(state.licenses["T-1"]), month: "2026-03", state: state)
        #expect(team.downtimeMinutes == 420)
        #expect(team.uptimeBp == (44_640 - 420) * 10_000 / 44_640)      // 9905
        #expect(team.uptimeBp == 9_905)
        #expect(team.targetBp == 9_950)
        #expect(!team.uptimeMet)
        #expect(team.creditBp == 500)                                      // below 9950, not below 9900
        // Credits are on what the customer pays: the quoted list price less the 12-month term discount (8 %).
        #expect(team.monthlyFee == (4_900 + 10 * 1_900) * 9_200 / 10_000)  // 21,988
        #expect(team.credit == 1_099)                                      // 21,988 × 5 %, rounded
        #expect(team.tickets.map(\.responseMinutes) == [120, 180])
        #expect(team.tickets.map(\.resolutionMinutes) == [1_620, 360])
        #expect(team.tickets.map(\.responseMet) == [true, false])
        #expect(team.tickets.map(\.resolutionMet) == [true, true])
        #expect(team.misses == 2)                                          // uptime and one response
        #expect(team.incidents.count == 2)

        let business = try SLAAttainment.compute(try #require(state.licenses["B-1"]), month: "2026-03", state: state)
        #expect(business.uptimeBp == 10_000)
        #expect(business.credit == 0)
        #expect(business.misses == 0)
        // April: nothing happened.
        #expect(try SLAAttainment.compute(try #require(state.licenses["T-1"]), month: "2026-04", state: state).uptimeBp == 10_000)
        #expect(try o.g.verify().isIntact)
    }

    func outage(_ start: EntryTime, _ end: EntryTime, tiers: [String] = ["team"], customers: [String] = []) -> JSONValue {
        SLAEntry.incidentBody(start: start, end: end, severity: .sev1, customers: customers, tiers: tiers, summary: "down")
    }

    func hours(_ time: EntryTime, _ hours: Int64) -> EntryTime { EntryTime(milliseconds: time.milliseconds + hours * 3_600_000)! }

    func issue(_ o: Office, _ id: String, customer: String, tier: String = "team") throws -> EntryTime {
        let cr = try o.propose(.issue, id, ["customer": .string(customer), "tier": .string(tier), "seats": 10, "term_months": 12])
        try o.approveAll(cr)
        try o.apply(cr)
        return try #require(try o.state().licenses[id]?.versions.last?.from)
    }

    func change(_ o: Office, _ kind: ChangeKind, _ id: String) throws -> EntryTime {
        let cr = try o.propose(kind, id, [:])
        try o.approveAll(cr)
        try o.apply(cr)
        return try #require(try o.state().licenses[id]?.versions.last?.from)
    }

    /// An incident affects the licenses in service while it ran, by the customer and tier they had
    /// then: not one issued after it, only from the issue for one issued during it.
    @Test func anIncidentAffectsOnlyLicensesInServiceWhileItRan() throws {
        let o = try office()                                    // T-1 and B-1 issued in January; now in April
        let issued = try issue(o, "N-1", customer: "nu")        // a team license issued in April
        o.g.advance(hours: 2)
        // Team down from 3 hours before N-1's issue to 2 hours after it: N-1 loses 120 minutes, T-1 all 300.
        try o.g.write(SLAEntry.incident, outage(hours(issued, -3), hours(issued, 2)), by: o.g.ops)
        // A March outage of the team tier, recorded in April: before N-1 existed.
        try o.g.write(SLAEntry.incident, outage(t("2026-03-04T10:00:00.000Z"), t("2026-03-04T16:00:00.000Z")), by: o.g.ops)
        let state = try o.state()
        #expect(state.incidents.map(\.licenses) == [["N-1", "T-1"], ["T-1"]])

        let march = try SLAMonth("2026-03", state: state)
        #expect(march.licenses.map(\.id) == ["B-1", "T-1"])    // N-1 has no March
        #expect(throws: AuthorityViolation.self) { try march.attainment(of: try #require(state.licenses["N-1"])) }
        let teamMarch = try march.attainment(of: try #require(state.licenses["T-1"]))
        #expect(teamMarch.downtimeMinutes == 360)
        #expect(teamMarch.uptimeBp == 9_919)                    // (44,640 − 360) × 10,000 / 44,640 = 9919.35
        #expect(teamMarch.credit == 1_099)                      // below 9950: 5 % of 219.88 (239.00 less the 8 % term discount)

        let april = try SLAMonth("2026-04", state: state)
        #expect(april.licenses.map(\.id) == ["B-1", "N-1", "T-1"])
        let new = try april.attainment(of: try #require(state.licenses["N-1"]))
        #expect(new.downtimeMinutes == 120)
        #expect(new.uptimeBp == 9_972)                          // (43,200 − 120) × 10,000 / 43,200 = 9972.2
        #expect(try april.attainment(of: try #require(state.licenses["T-1"])).downtimeMinutes == 300)
        #expect(try april.attainment(of: try #require(state.licenses["B-1"])).downtimeMinutes == 0)
        // N-1 meets Team's 99.50 %; T-1, at (43,200 − 300) × 10,000 / 43,200 = 9930, does not.
        #expect(april.missesAndCredits().map(\.license) == ["T-1"])
        #expect(try o.g.verify().isIntact)
    }

    /// A suspended license is not in service: an outage while it was suspended is not its downtime.
    @Test func anOutageWhileALicenseWasSuspendedIsNotItsDowntime() throws {
        let o = try office()
        let suspended = try change(o, .suspend, "T-1")
        o.g.advance(hours: 3)
        // Down from 5 hours before the suspension to 3 after: 300 minutes count.
        try o.g.write(SLAEntry.incident, outage(hours(suspended, -5), hours(suspended, 3)), by: o.g.ops)
        let reinstated = try change(o, .reinstate, "T-1")
        o.g.advance(hours: 1)
        // Down from 2 hours before the reinstatement to 1 after: 60 minutes count.
        try o.g.write(SLAEntry.incident, outage(hours(reinstated, -2), hours(reinstated, 1)), by: o.g.ops)
        // Named by customer while suspended only: affects nothing.
        try o.g.write(SLAEntry.incident, outage(hours(suspended, 1), hours(suspended, 2), tiers: [], customers: ["tee"]), by: o.g.ops)
        let state = try o.state()
        #expect(state.incidents.map(\.licenses) == [["T-1"], ["T-1"], []])
        let april = try SLAMonth("2026-04", state: state)
        let team = try april.attainment(of: try #require(state.licenses["T-1"]))
        #expect(team.downtimeMinutes == 360)
        #expect(team.incidents.count == 2)
        #expect(try o.g.verify().isIntact)
    }

    @Test func recordsAreChecked() throws {
        let o = try office()
        let future = o.g.nextTime.addingMonths(1)!
        o.refused("after the entry's own time") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: future, severity: .sev1,
                                                                   customers: ["tee"], tiers: [], summary: "x"), by: o.g.ops)
        }
        o.refused("must be one of sev1") {
            // The body builder takes a Severity; a writer of the raw form can still put anything there.
            guard case var .object(body) = SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T11:00:00.000Z"),
                                                                 severity: .sev1, customers: ["tee"], tiers: [], summary: "x") else { return }
            body["severity"] = "p1"
            try o.g.write(SLAEntry.incident, .object(body), by: o.g.ops)
        }
        o.refused("not both") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T11:00:00.000Z"),
                                                                   severity: .sev1, customers: ["tee"], tiers: ["team"], summary: "x"), by: o.g.ops)
        }
        o.refused("tier gold is not in the catalog") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T11:00:00.000Z"),
                                                                   severity: .sev1, customers: [], tiers: ["gold"], summary: "x"), by: o.g.ops)
        }
        o.refused("no license X-9") {
            try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "X-9", priority: .sev2, opened: t("2026-03-06T17:00:00.000Z"),
                                                               firstResponse: t("2026-03-09T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.g.ops)
        }
        o.refused("in that order") {
            try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: .sev2, opened: t("2026-03-09T17:00:00.000Z"),
                                                               firstResponse: t("2026-03-06T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.g.ops)
        }
        o.refused("needs admin or operator") {
            try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: .sev2, opened: t("2026-03-06T17:00:00.000Z"),
                                                               firstResponse: t("2026-03-09T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.key("deal"))
        }
        o.refused("reserves") { try o.g.write("sla.outage", ["x": 1], by: o.g.ops) }
        #expect(try o.state().incidents.isEmpty)
    }
}
