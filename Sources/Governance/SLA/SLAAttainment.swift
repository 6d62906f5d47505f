import Ledger

/// What a license got in a calendar month against its tier's SLA, and the service credit owed.
///
/// - Uptime: the month's length less the time covered by outage incidents (`sev1`) that affected
///   the license while its term ran (overlaps counted once), in basis points, rounded down.
/// - Target: the tier's `uptime_bp`, or an add-on's if higher; support hours likewise.
/// - Credit: the largest `credit_bp` among the tier's credit steps whose `below_bp` the uptime is
///   under, applied to the month's list fee for the license's tier, seats and add-ons; rounded half up.
/// - Tickets opened in the month: first response within `first_response_minutes` and resolution
///   within `resolution_hours` of the ticket's priority, both counted in support hours.
public struct SLAAttainment: Sendable {
    public struct TicketResult: Sendable {
        public let ticket: Ticket
        public let responseMinutes: Int64
        public let responseTarget: Int64
        public let resolutionMinutes: Int64
        public let resolutionTarget: Int64
        public var responseMet: Bool { responseMinutes <= responseTarget }
        public var resolutionMet: Bool { resolutionMinutes <= resolutionTarget }
    }

    public let license: String
    public let customer: String
    public let tier: String
    public let month: String
    public let uptimeBp: Int64
    public let targetBp: Int64
    public let downtimeMinutes: Int64
    /// Sequence numbers of the outage incidents counted.
    public let incidents: [Int64]
    public let tickets: [TicketResult]
    public let monthlyFee: Int64
    public let creditBp: Int64
    public let credit: Int64
    public let currency: String

    public var uptimeMet: Bool { uptimeBp >= targetBp }
    public var misses: Int { (uptimeMet ? 0 : 1) + tickets.filter { !$0.responseMet }.count + tickets.filter { !$0.resolutionMet }.count }

    /// The month `YYYY-MM` as [start, end).
    public static func bounds(of month: String) -> (start: EntryTime, end: EntryTime)? {
        guard month.utf8.count == 7, let start = EntryTime(rfc3339: month + "-01T00:00:00.000Z"), let end = start.addingMonths(1) else { return nil }
        return (start, end)
    }

    /// The attainment of `license` in `month`, judged by the policy in force in `state`.
    public static func compute(_ license: License, month: String, state: GovernanceState) throws(AuthorityViolation) -> SLAAttainment {
        guard let (start, end) = bounds(of: month) else { throw AuthorityViolation("month \(month) must look like 2026-03") }
        guard let policy = state.policy?.set else { throw AuthorityViolation("no policy in force") }
        guard let tier = policy.catalog.tiers.first(where: { $0.id == license.tier }) else {
            throw AuthorityViolation("tier \(license.tier) of \(license.id) is not in the policy in force")
        }
        let addons = policy.catalog.addons.filter { license.addons.contains($0.id) }
        let target = max(tier.sla.uptimeBp, addons.compactMap(\.slaUptimeBp).max() ?? 0)
        let hoursName = addons.compactMap(\.slaSupportHours).first ?? tier.sla.supportHours
        guard let hours = SupportHours(hoursName) else {
            throw AuthorityViolation("support hours \(hoursName) of tier \(tier.id) are not one of " + SupportHours.names.joined(separator: ", "))
        }

        // Outage time within the month, overlaps merged.
        let outages = state.incidents.filter { $0.isOutage && $0.licenses.contains(license.id) && $0.start < end && $0.end > start }
        // Only time within the license's term counts: an outage before it began is not its downtime.
        let from = max(start.milliseconds, license.termStart.milliseconds)
        let spans = outages.map { (max($0.start.milliseconds, from), min($0.end.milliseconds, end.milliseconds)) }
            .filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
        var down: Int64 = 0
        var reach = start.milliseconds
        for (from, to) in spans where to > reach {
            down += to - max(from, reach)
            reach = to
        }
        let length = end.milliseconds - start.milliseconds
        let uptime = (length - down) * 10_000 / length

        let credit = tier.sla.credits.filter { uptime < $0.belowBp }.map(\.creditBp).max() ?? 0
        let fee = (try? policy.quote(tier: license.tier, seats: license.seats, addons: license.addons, termMonths: 1))?.subtotal ?? 0

        var results: [TicketResult] = []
        for ticket in state.tickets where ticket.license == license.id && ticket.opened >= start && ticket.opened < end {
            results.append(TicketResult(
                ticket: ticket,
                responseMinutes: hours.elapsed(from: ticket.opened, to: ticket.firstResponse) / 60_000,
                responseTarget: tier.sla.firstResponseMinutes[ticket.priority] ?? 0,
                resolutionMinutes: hours.elapsed(from: ticket.opened, to: ticket.resolved) / 60_000,
                resolutionTarget: (tier.sla.resolutionHours[ticket.priority] ?? 0) * 60))
        }
        return SLAAttainment(license: license.id, customer: license.customer, tier: license.tier, month: month, uptimeBp: uptime,
                             targetBp: target, downtimeMinutes: down / 60_000, incidents: outages.map(\.seq), tickets: results,
                             monthlyFee: fee, creditBp: credit, credit: (fee * credit + 5_000) / 10_000, currency: policy.catalog.currency)
    }

    public var json: JSONValue {
        .object([
            "license": .string(license), "customer": .string(customer), "tier": .string(tier), "month": .string(month),
            "uptime_bp": .integer(uptimeBp), "target_bp": .integer(targetBp), "downtime_minutes": .integer(downtimeMinutes),
            "incidents": .array(incidents.map { .integer($0) }),
            "tickets": .array(tickets.map { t in
                .object(["seq": .integer(t.ticket.seq), "priority": .string(t.ticket.priority),
                         "response_minutes": .integer(t.responseMinutes), "response_target_minutes": .integer(t.responseTarget),
                         "resolution_minutes": .integer(t.resolutionMinutes), "resolution_target_minutes": .integer(t.resolutionTarget)])
            }),
            "monthly_fee": .integer(monthlyFee), "credit_bp": .integer(creditBp), "credit": .integer(credit), "currency": .string(currency),
        ])
    }
}
