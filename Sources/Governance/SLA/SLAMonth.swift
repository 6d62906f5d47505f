import Ledger
import LedgerCrypto

/// One calendar month (UTC) of SLA attainment, worked out one way for every caller: `tierledger sla
/// attainment`, the health report, and anything else that asks. docs/format.md §6.6 states the rules.
///
/// - Every incident and ticket in `state` counts, whenever it was recorded: a March outage recorded
///   in April is March's downtime. Replay `state` as far as the figures should know (the whole
///   ledger, or a report's end).
/// - An outage counts against a license only for the time it affected it (`Incident.affected`):
///   while the license was in service and the incident named its customer or tier.
/// - A license has a figure for the month when it was in service at some moment of it, or when a
///   ticket on it was opened in it. It is judged by its tier, add-ons and seats as they stood at the
///   month's end, under the policy in force in `state`.
public struct SLAMonth: Sendable {
    public let month: String
    /// The month as [start, end).
    public let start: EntryTime
    public let end: EntryTime
    private let state: GovernanceState
    private let policy: PolicySet
    /// The outage incidents that affected each license in the month, by license id.
    private let outages: [String: [Incident]]
    /// Tickets opened in the month, by license id.
    private let tickets: [String: [Ticket]]

    /// The month `month` (`YYYY-MM`) as `state` records it. Throws when the month is malformed or no
    /// policy is in force.
    public init(_ month: String, state: GovernanceState) throws(AuthorityViolation) {
        guard let (start, end) = SLAAttainment.bounds(of: month) else { throw AuthorityViolation(.governanceBody, "month \(month) must look like 2026-03") }
        guard let policy = state.policy?.set else { throw AuthorityViolation(.governanceNoPolicy, "no policy in force") }
        self.month = month
        self.start = start
        self.end = end
        self.state = state
        self.policy = policy
        var outages: [String: [Incident]] = [:]
        // An incident excluded as force majeure counts for no one.
        for incident in state.incidents where incident.isOutage && incident.start < end && incident.end > start && state.slaExclusions[incident.seq] == nil {
            for id in incident.licenses { outages[id, default: []].append(incident) }
        }
        self.outages = outages
        self.tickets = Dictionary(grouping: state.tickets.filter { $0.opened >= start && $0.opened < end }, by: \.license)
    }

    /// Every license with a figure for the month, by id: in service at some moment of it, or with a
    /// ticket opened in it.
    public var licenses: [License] {
        state.licenses.values.filter { license in
            license.version(before: end) != nil
                && (tickets[license.id] != nil || !license.inService(from: start.milliseconds, to: end.milliseconds).isEmpty)
        }.sorted { $0.id < $1.id }
    }

    /// The licenses an outage affected or a ticket concerned in the month, by id: the only ones that
    /// can miss a target or be owed a credit.
    public var touched: [License] {
        Set(outages.keys).union(tickets.keys).sorted().compactMap { state.licenses[$0] }.filter { $0.version(before: end) != nil }
    }

    /// The figures of every license with a miss or a credit this month, by id; the same as those of
    /// `licenses` filtered, found by looking at `touched` only. A license whose tier or support
    /// hours the policy in force no longer knows is left out (`attainment(of:)` says why).
    public func missesAndCredits() -> [SLAAttainment] {
        touched.compactMap { try? attainment(of: $0) }.filter { $0.misses > 0 || $0.credit > 0 }
    }

    /// The attainment of `license` this month.
    public func attainment(of license: License) throws(AuthorityViolation) -> SLAAttainment {
        guard let version = license.version(before: end) else {
            throw AuthorityViolation(.governanceTime, "license \(license.id) was issued after \(month); it has no figures for it")
        }
        guard let tier = policy.catalog.tier(version.tier) else {
            throw AuthorityViolation(.governanceBody, "tier \(version.tier) of \(license.id) is not in the policy in force")
        }
        let addons = policy.catalog.addons.filter { version.addons.contains($0.id) }
        let target = max(tier.sla.uptimeBp, addons.compactMap(\.slaUptimeBp).max() ?? 0)
        let hoursName = addons.compactMap(\.slaSupportHours).first ?? tier.sla.supportHours
        guard let hours = SupportHours(hoursName) else {
            throw AuthorityViolation(.governanceBody, "support hours \(hoursName) of tier \(tier.id) are not one of " + SupportHours.names.joined(separator: ", "))
        }

        // The time in the month that outages affected the license, overlaps merged, less the time
        // inside maintenance windows announced with the tier's notice that name its customer or tier.
        let counted = (outages[license.id] ?? []).map { ($0, $0.affected(license, from: start.milliseconds, to: end.milliseconds)) }
            .filter { !$0.1.isEmpty }
        let windows = state.slaMaintenance.filter { window in
            window.start < end && window.end > start && window.hadNotice(hours: tier.sla.maintenanceNoticeHours)
        }
        let spans = counted.flatMap { $0.1.flatMap { span -> [(Int64, Int64)] in
            let excused = windows.filter { $0.covers(customer: span.customer, tier: span.tier) }.map { ($0.start.milliseconds, $0.end.milliseconds) }
            return SLAMonth.subtract(excused, from: (span.start, span.end))
        } }.sorted { $0 < $1 }
        let rawDown = SLAMonth.merged(counted.flatMap { $0.1.map { ($0.start, $0.end) } })
        let down = SLAMonth.merged(spans)
        let length = end.milliseconds - start.milliseconds
        let uptime = (length - down) * 10_000 / length

        let stepCredit = tier.sla.credits.filter { uptime < $0.belowBp }.map(\.creditBp).max() ?? 0
        let credit = min(stepCredit, tier.sla.creditCapBp)
        // A trial (a version before its conversion) is free: it has no fee to credit against.
        let free = license.trialSince != nil && license.convertedAt.map { version.seq < $0 } ?? true
        let fee = free ? 0 : paidPerMonth(version)

        let results = (tickets[license.id] ?? []).map { ticket in
            SLAAttainment.TicketResult(
                ticket: ticket,
                responseMinutes: hours.elapsed(from: ticket.opened, to: ticket.firstResponse) / 60_000,
                responseTarget: tier.sla.firstResponseMinutes[ticket.priority] ?? 0,
                resolutionMinutes: hours.elapsed(from: ticket.opened, to: ticket.resolved) / 60_000,
                resolutionTarget: (tier.sla.resolutionHours[ticket.priority] ?? 0) * 60)
        }
        return SLAAttainment(license: license.id, customer: version.customer, tier: version.tier, month: month, uptimeBp: uptime,
                             targetBp: target, downtimeMinutes: down / 60_000, incidents: counted.map(\.0.seq), tickets: results,
                             monthlyFee: fee, creditBp: credit, credit: (fee * credit + 5_000) / 10_000, currency: policy.catalog.currency,
                             excusedMinutes: (rawDown - down) / 60_000, creditIssued: state.creditIssued(license.id, month: month))
    }

    /// What the customer pays for one month of `version`: the price of the change that made it, as
    /// approved (discounts included), per month; the list price when the change carried no quote
    /// (an emergency change).
    func paidPerMonth(_ version: License.Version) -> Int64 {
        if let request = state.requests.values.first(where: { $0.state == .applied && $0.closedAt == version.seq }), let quote = request.quote {
            return quote.billingPeriod == "year" ? quote.total / 12 : quote.total
        }
        return (try? policy.quote(tier: version.tier, seats: version.seats, addons: version.addons, termMonths: 1))?.subtotal ?? 0
    }

    /// Milliseconds covered by `spans`, overlaps counted once.
    static func merged(_ spans: [(Int64, Int64)]) -> Int64 {
        var total: Int64 = 0
        var reach = Int64.min
        for (from, to) in spans.sorted(by: { $0 < $1 }) where to > reach {
            total += to - max(from, reach)
            reach = to
        }
        return total
    }

    /// The parts of `span` outside every one of `holes`.
    static func subtract(_ holes: [(Int64, Int64)], from span: (Int64, Int64)) -> [(Int64, Int64)] {
        var parts = [span]
        for (from, to) in holes {
            parts = parts.flatMap { part -> [(Int64, Int64)] in
                guard from < part.1, to > part.0 else { return [part] }
                return [(part.0, from), (to, part.1)].filter { $0.0 < $0.1 }
            }
        }
        return parts
    }
}
