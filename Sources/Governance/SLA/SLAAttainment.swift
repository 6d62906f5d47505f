import Ledger

/// What a license got in a calendar month against its tier's SLA, and the service credit owed.
/// `SLAMonth` works it out, the one calculation behind `sla attainment` and the reports.
///
/// - Uptime: the month's length less the time in which outage incidents (`sev1`) affected the
///   license (`Incident.affected`: in service, named by customer or tier; overlaps counted once),
///   in basis points, rounded down.
/// - Target: the tier's `uptime_bp`, or an add-on's if higher; support hours likewise. The tier,
///   add-ons and seats are the license's as they stood at the month's end.
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
    /// Outage minutes excused by maintenance windows announced with notice.
    public var excusedMinutes: Int64 = 0
    /// Credits issued for this license and month (`sla.credit` entries), in minor units.
    public var creditIssued: Int64 = 0
    /// What is still owed: the credit less what was issued, never below zero.
    public var creditOutstanding: Int64 { max(0, credit - creditIssued) }

    public var uptimeMet: Bool { uptimeBp >= targetBp }
    public var misses: Int { (uptimeMet ? 0 : 1) + tickets.filter { !$0.responseMet }.count + tickets.filter { !$0.resolutionMet }.count }

    /// The month `YYYY-MM` as [start, end).
    public static func bounds(of month: String) -> (start: EntryTime, end: EntryTime)? {
        guard month.utf8.count == 7, let start = EntryTime(rfc3339: month + "-01T00:00:00.000Z"), let end = start.addingMonths(1) else { return nil }
        return (start, end)
    }

    /// The attainment of `license` in `month`, as `SLAMonth` computes it from `state`.
    public static func compute(_ license: License, month: String, state: GovernanceState) throws(AuthorityViolation) -> SLAAttainment {
        try SLAMonth(month, state: state).attainment(of: license)
    }

    public var json: JSONValue {
        .object([
            "license": .string(license), "customer": .string(customer), "tier": .string(tier), "month": .string(month),
            "uptime_bp": .integer(uptimeBp), "target_bp": .integer(targetBp), "downtime_minutes": .integer(downtimeMinutes),
            "incidents": .array(incidents.map { .integer($0) }),
            "tickets": .array(tickets.map { t in
                .object(["seq": .integer(t.ticket.seq), "priority": .string(t.ticket.priority.rawValue),
                         "response_minutes": .integer(t.responseMinutes), "response_target_minutes": .integer(t.responseTarget),
                         "resolution_minutes": .integer(t.resolutionMinutes), "resolution_target_minutes": .integer(t.resolutionTarget)])
            }),
            "monthly_fee": .integer(monthlyFee), "credit_bp": .integer(creditBp), "credit": .integer(credit), "currency": .string(currency),
            "excused_minutes": .integer(excusedMinutes), "credit_issued": .integer(creditIssued),
        ])
    }
}
