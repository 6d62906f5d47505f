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
                                                               severity: "sev1", customers: [], tiers: ["team"], summary: "EU API down"), by: o.g.ops)
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T15:00:00.000Z"), end: t("2026-03-04T17:00:00.000Z"),
                                                               severity: "sev1", customers: ["tee"], tiers: [], summary: "tenant restore"), by: o.g.ops)
        // Degraded, not down: recorded, not counted against uptime.
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-20T00:00:00.000Z"), end: t("2026-03-21T00:00:00.000Z"),
                                                               severity: "sev2", customers: [], tiers: ["team"], summary: "slow search"), by: o.g.ops)
        // Ticket 1 (sev2: 240 min response, 48 h resolution, business hours): answered in 120 business minutes,
        // resolved in 60 + 540 + 540 + 480 = 1,620. Ticket 2 (sev1: 120 min, 24 h): answered in 180 (late), resolved in 360.
        try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: "sev2", opened: t("2026-03-06T17:00:00.000Z"),
                                                           firstResponse: t("2026-03-09T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.g.ops)
        try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: "sev1", opened: t("2026-03-10T09:00:00.000Z"),
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
        #expect(team.monthlyFee == 4_900 + 10 * 1_900)
        #expect(team.credit == 1_195)                                      // 23,900 × 5 %
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

    @Test func recordsAreChecked() throws {
        let o = try office()
        let future = o.g.nextTime.addingMonths(1)!
        o.refused("after the entry's own time") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: future, severity: "sev1",
                                                                   customers: ["tee"], tiers: [], summary: "x"), by: o.g.ops)
        }
        o.refused("must be one of sev1") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T11:00:00.000Z"),
                                                                   severity: "p1", customers: ["tee"], tiers: [], summary: "x"), by: o.g.ops)
        }
        o.refused("not both") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T11:00:00.000Z"),
                                                                   severity: "sev1", customers: ["tee"], tiers: ["team"], summary: "x"), by: o.g.ops)
        }
        o.refused("tier gold is not in the catalog") {
            try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: t("2026-03-04T10:00:00.000Z"), end: t("2026-03-04T11:00:00.000Z"),
                                                                   severity: "sev1", customers: [], tiers: ["gold"], summary: "x"), by: o.g.ops)
        }
        o.refused("no license X-9") {
            try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "X-9", priority: "sev2", opened: t("2026-03-06T17:00:00.000Z"),
                                                               firstResponse: t("2026-03-09T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.g.ops)
        }
        o.refused("in that order") {
            try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: "sev2", opened: t("2026-03-09T17:00:00.000Z"),
                                                               firstResponse: t("2026-03-06T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.g.ops)
        }
        o.refused("needs admin or operator") {
            try o.g.write(SLAEntry.ticket, SLAEntry.ticketBody(license: "T-1", priority: "sev2", opened: t("2026-03-06T17:00:00.000Z"),
                                                               firstResponse: t("2026-03-09T10:00:00.000Z"), resolved: t("2026-03-11T17:00:00.000Z")), by: o.key("deal"))
        }
        o.refused("reserves") { try o.g.write("sla.outage", ["x": 1], by: o.g.ops) }
        #expect(try o.state().incidents.isEmpty)
    }
}
