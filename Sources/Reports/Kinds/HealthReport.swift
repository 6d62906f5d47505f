import Governance
import Ledger

/// How much a finding needs attention, most first.
public enum FindingSeverity: String, Sendable, CaseIterable, Comparable {
    case critical, warning, info

    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One health-check finding and the entries behind it.
public struct Finding: Sendable {
    public let category: String
    public let severity: FindingSeverity
    public let subject: String
    public let finding: String
    public let recommendation: String
    public let entries: [Int64]

    var json: JSONValue {
        .object(["category": .string(category), "severity": .string(severity.rawValue), "subject": .string(subject), "finding": .string(finding),
                 "recommendation": .string(recommendation), "entries": .array(entries.map { .integer($0) })])
    }
}

/// Customer success's view as of the scope's end: underused entitlements, quota overages and
/// risks, renewals due, stale requests, SLA misses and credits, lapsed licenses (suspended, expired
/// unrenewed or while suspended, lapsed with credits), overdue reviews, idle keys and principals
/// without roles. Thresholds come from the policy's `health:` block.
enum HealthReport {
    static func make(_ history: ReportHistory, scope: ReportScope, attestation: Attestation) -> Report {
        let state = history.state
        let asOf = history.asOf
        guard let policy = state.policy?.set else {
            return Report(json: .null, document: ReportDocument(kind: "health", title: "Health check", preamble: [], sections: [],
                                                               primary: .init(columns: [], rows: []), attestation: attestation))
        }
        let catalog = policy.catalog
        let t = policy.approvals.health
        let day: Int64 = 86_400_000
        let today = String(asOf.rfc3339.prefix(10))
        let windowStart = String((EntryTime(milliseconds: max(0, asOf.milliseconds - t.underuseWindowDays * day)) ?? asOf).rfc3339.prefix(10))
        var findings: [Finding] = []
        var usageBars: [(ratio: Int64, bar: ReportDocument.BarChart.Bar)] = []
        var usageJSON: [JSONValue] = []

        func monthly(_ tier: String, _ seats: Int64, _ addons: [String]) -> Int64? {
            try? policy.quote(tier: tier, seats: seats, addons: addons.filter { catalog.addon($0)?.availableFor.contains(tier) ?? false }, termMonths: 1).subtotal
        }
        func money(_ minor: Int64, signed: Bool = false) -> String { ReportMath.money(minor, catalog.currency, signed: signed) }

        let licenses = state.licenses.values.filter { scope.concerns($0) && $0.status(at: asOf) == .active }.sorted { $0.id < $1.id }
        for license in licenses {
            guard let tier = catalog.tier(license.tier) else { continue }
            let limits = LicenseChange.quotaLimits(catalog, license)
            let records = state.usage[license.id] ?? [:]
            func cite(_ rs: [UsageRecord]) -> [Int64] { rs.compactMap { history.usageEntries[$0.key] }.sorted() }
            let inWindow = records.mapValues { $0.filter { $0.periodEnd >= windowStart && $0.periodStart <= today } }
            let current = monthly(license.tier, license.seats, license.addons)

            // Seats in use.
            if let seatRecords = inWindow["active-seats"], let peak = seatRecords.map(\.value).max(), license.seats > 0,
               peak * 10_000 / license.seats < t.underuseBp {
                let recommended = max(tier.price.minSeats, peak)
                if recommended < license.seats, let current, let cheaper = monthly(license.tier, recommended, license.addons) {
                    findings.append(Finding(category: "underused-seats", severity: .info, subject: license.id,
                                            finding: "peak \(Count.text(peak)) of \(Count.text(license.seats)) seats in use over \(t.underuseWindowDays) days (\(peak * 100 / license.seats) %)",
                                            recommendation: "\(Count.text(recommended)) seats: \(money(cheaper - current, signed: true)) a month",
                                            entries: cite(seatRecords)))
                }
            }
            // A lower tier that would hold every recorded peak.
            let peaks = inWindow.compactMapValues { $0.map(\.value).max() }
            if tier.quotas.allSatisfy({ peaks[$0.metric] != nil }), !tier.quotas.isEmpty, let current {
                let lower = catalog.tiers.filter { $0.rank < tier.rank }.sorted { $0.rank < $1.rank }.first { candidate in
                    candidate.price.minSeats <= license.seats && license.seats <= candidate.price.maxSeats
                        && candidate.quotas.allSatisfy { q in (peaks[q.metric] ?? 0) * 10_000 < q.limit * t.underuseBp }
                        && tier.quotas.allSatisfy { q in candidate.quotas.contains { $0.metric == q.metric } }
                }
                if let lower, let price = monthly(lower.id, license.seats, license.addons), price < current {
                    let evidence = tier.quotas.flatMap { inWindow[$0.metric] ?? [] }
                    findings.append(Finding(category: "underused-tier", severity: .info, subject: license.id,
                                            finding: "every quota used below \(t.underuseBp / 100) % of \(lower.name)'s limits over \(t.underuseWindowDays) days",
                                            recommendation: "\(lower.name) (\(lower.id)): \(money(price - current, signed: true)) a month; check the features it lacks",
                                            entries: cite(evidence)))
                }
            }
            // Overages and risks in the latest recorded period of each quota.
            for metric in limits.keys.sorted() {
                guard let limit = limits[metric], limit > 0,
                      let latest = records[metric]?.max(by: { ($0.periodEnd, $0.periodStart) < ($1.periodEnd, $1.periodStart) }) else { continue }
                let ratio = latest.value * 10_000 / limit
                // In percent of each quota, so metrics of different sizes share one scale; 100 % is marked.
                usageBars.append((ratio, .init(label: "\(license.id) \(metric)", value: ratio / 100, limit: 100,
                                               caption: "\(ratio / 100) % (\(Count.text(latest.value)) of \(Count.text(limit)))")))
                usageJSON.append(.object(["license": .string(license.id), "metric": .string(metric), "period_start": .string(latest.periodStart),
                                          "period_end": .string(latest.periodEnd), "used": .integer(latest.value), "limit": .integer(limit),
                                          "entry": history.usageEntries[latest.key].map { .integer($0) } ?? .null]))
                let fee = { (tier: String, addons: [String]) in monthly(tier, license.seats, addons) }
                if let finding = QuotaOverages.finding(license: license, tier: tier, catalog: catalog, metric: metric, used: latest.value, limit: limit,
                                                       period: (latest.periodStart, latest.periodEnd), riskBp: t.overageRiskBp, entries: cite([latest]),
                                                       fee: fee, money: { money($0, signed: $1) }) {
                    findings.append(finding)
                }
            }
            // Renewals due (a trial is converted, not renewed: `Trials` covers it).
            let horizon = (t.renewalWindowsDays.last ?? 90) * day
            if !license.isTrial, license.termEnd > asOf, license.termEnd.milliseconds - asOf.milliseconds <= horizon,
               !state.requests.values.contains(where: { $0.license == license.id && $0.kind == .renew && $0.status(at: asOf) == .pending }) {
                let days = (license.termEnd.milliseconds - asOf.milliseconds + day - 1) / day
                let window = t.renewalWindowsDays.first { days <= $0 } ?? days
                findings.append(Finding(category: "renewal-due", severity: window <= (t.renewalWindowsDays.first ?? 30) ? .warning : .info,
                                        subject: license.id, finding: "term ends \(license.termEnd.rfc3339) (in \(days) days, within \(window)); no renewal pending",
                                        recommendation: "propose a renewal: tierledger change propose renew --license \(license.id) --term-months 12",
                                        entries: license.changes.suffix(1)))
            }
        }

        // Stale pending requests.
        for r in state.requests.values.sorted(by: { $0.seq < $1.seq }) where r.status(at: asOf) == .pending {
            let hours = (asOf.milliseconds - r.proposedAt.milliseconds) / 3_600_000
            guard hours > t.staleRequestHours, scope.concerns(state.licenses[r.license]) || state.licenses[r.license] == nil && scope.customer == nil && scope.tier == nil else { continue }
            let step = r.currentStep
            let needs = step.map { s in "step \(s + 1) needs \(Int(r.rule.steps[s].count) - r.approvals[s].count) more × \(r.rule.steps[s].role)" } ?? "ready to apply"
            findings.append(Finding(category: "stale-request", severity: .warning, subject: r.id,
                                    finding: "\(r.kind.rawValue) of \(r.license) pending for \(hours) h (expires \(r.expiresAt.rfc3339)); \(needs)",
                                    recommendation: "approve or reject it (`tierledger change show \(r.id)`), or withdraw it",
                                    entries: [r.seq] + r.amendments))
        }

        // SLA misses and credits, per month from the scope's start (at most twelve months back).
        let firstMonth: String = {
            if case let .time(from)? = scope.from { return ReportMath.month(from) }
            return ReportMath.month(asOf.addingMonths(-11) ?? asOf)
        }()
        var month = max(firstMonth, ReportMath.month(asOf.addingMonths(-11) ?? asOf))
        var credits: [String: (total: Int64, months: [String], entries: [Int64])] = [:]
        while month <= ReportMath.month(asOf) {
            // The one calculation `sla attainment` makes too: every incident recorded by `asOf` counts.
            guard let sla = try? SLAMonth(month, state: state) else { break }
            for a in sla.missesAndCredits() {
                guard let license = state.licenses[a.license], scope.concerns(license) else { continue }
                let id = a.license
                let late = a.tickets.filter { !$0.responseMet || !$0.resolutionMet }
                // Credits already issued (`sla.credit`) are no longer owed.
                if a.creditOutstanding > 0 {
                    credits[id, default: (0, [], [])].total += a.creditOutstanding
                    credits[id, default: (0, [], [])].months.append(month)
                    credits[id, default: (0, [], [])].entries += a.incidents
                }
                var parts = ["uptime \(Percent.bp(a.uptimeBp)) against \(Percent.bp(a.targetBp))"]
                if !late.isEmpty { parts.append("\(late.count) of \(a.tickets.count) tickets outside their targets") }
                var recommendation = a.credit > 0 ? "credit \(money(a.credit)) (\(a.creditBp / 100) % of \(money(a.monthlyFee)))" : "no credit owed; review the late tickets"
                if a.creditIssued > 0 {
                    recommendation += a.creditOutstanding > 0 ? "; \(money(a.creditIssued)) issued, \(money(a.creditOutstanding)) still owed" : "; issued in full"
                }
                findings.append(Finding(category: "sla-miss", severity: a.creditOutstanding > 0 ? .critical : .warning, subject: "\(id) \(month)",
                                        finding: parts.joined(separator: "; "),
                                        recommendation: recommendation,
                                        entries: (a.incidents + late.map(\.ticket.seq)).sorted()))
            }
            let next = String(sla.end.rfc3339.prefix(7))
            guard next > month else { break }
            month = next
        }

        // Licenses out of service: suspended, expired without renewal, lapsed with credits.
        let lapsed = state.licenses.values.filter { scope.concerns($0) && $0.status(at: asOf) != .active }
        findings += LapsedLicenses.findings(Array(lapsed), state: state, asOf: asOf, thresholds: t,
                                            credits: credits.mapValues { ($0.total, $0.months, Array(Set($0.entries)).sorted()) }, money: { money($0) })

        // Trials ending soon, and trials that ran out unconverted.
        findings += Trials.findings(state.licenses.values.filter { scope.concerns($0) }, state: state, asOf: asOf, thresholds: t)

        // Emergency changes never reviewed in time.
        for e in state.emergencies.values.sorted(by: { $0.seq < $1.seq }) where e.status(at: asOf) == .reviewOverdue && scope.concerns(state.licenses[e.license]) {
            findings.append(Finding(category: "review-overdue", severity: .critical, subject: e.id,
                                    finding: "emergency \(e.kind.rawValue) of \(e.license) by \(e.admin) was due for review by \(e.reviewDeadline.rfc3339)",
                                    recommendation: "a \(e.reviewRole) reviews it: tierledger change review \(e.id) --key FILE", entries: [e.seq]))
        }

        // Keys and principals (not customer matters: only in an unfiltered report).
        if scope.customer == nil && scope.tier == nil {
            for p in state.principals.values.sorted(by: { $0.name < $1.name }) where p.isActive {
                if let key = p.currentKey, let last = history.keyActivity[key.key.id], asOf.milliseconds - last.milliseconds > t.keyUnusedDays * day {
                    findings.append(Finding(category: "key-unused", severity: .info, subject: p.name,
                                            finding: "current key \(key.key.id.short)… has signed nothing since \(last.rfc3339)",
                                            recommendation: "confirm it is still needed; rotate it or revoke the principal", entries: [key.addedAt]))
                }
                if p.roles.isEmpty {
                    findings.append(Finding(category: "principal-without-roles", severity: .warning, subject: p.name,
                                            finding: "enrolled with no roles: it can sign nothing but its own key rotation",
                                            recommendation: "grant a role (`tierledger principal roles`) or revoke it", entries: [p.enrolledAt]))
                }
            }
        }

        findings.sort { ($0.severity, $0.category, $0.subject) < ($1.severity, $1.category, $1.subject) }
        let rows = findings.map { [$0.severity.rawValue, $0.category, $0.subject, $0.finding, $0.recommendation, ReportMath.cite($0.entries)] }
        var counts: [String: Int] = [:]
        for f in findings { counts[f.category, default: 0] += 1 }
        let bars = usageBars.sorted { ($0.ratio, $0.bar.label) > ($1.ratio, $1.bar.label) }.prefix(20).map(\.bar)
        let sections: [ReportDocument.Section] = [
            .init(title: "Summary", paragraphs: [findings.isEmpty ? "No findings." : "\(findings.count) finding\(findings.count == 1 ? "" : "s"): "
                    + counts.keys.sorted().map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ") + "."],
                  table: .init(columns: ["threshold", "value"], rows: [
                      ["underuse", "peak use below \(t.underuseBp / 100) % over \(t.underuseWindowDays) days"],
                      ["quota risk", "latest period at \(t.overageRiskBp / 100) % of the limit or more"],
                      ["renewals", t.renewalWindowsDays.map { "\($0)" }.joined(separator: "/") + " days"],
                      ["stale requests", "pending over \(t.staleRequestHours) h"],
                      ["idle keys", "no signature for \(t.keyUnusedDays) days"],
                      ["trials", "ending within \(t.trialEndingDays) days"],
                  ])),
            .init(title: "Findings", table: .init(columns: ["severity", "category", "subject", "finding", "recommendation", "entries"], rows: rows)),
            .init(title: "Usage against quota", paragraphs: ["The latest recorded period of each quota, the fullest first (at most 20)."],
                  chart: .init(title: "Latest use against quota (percent of the quota; the mark is 100 %)", unit: "%", bars: bars)),
        ]
        let json: JSONValue = .object([
            "report": "health", "schema": .integer(Report.schemaVersion), "scope": scope.json, "as_of": .string(asOf.rfc3339),
            "thresholds": .object(["underuse_bp": .integer(t.underuseBp), "underuse_window_days": .integer(t.underuseWindowDays),
                                   "overage_risk_bp": .integer(t.overageRiskBp), "renewal_windows_days": .array(t.renewalWindowsDays.map { .integer($0) }),
                                   "stale_request_hours": .integer(t.staleRequestHours), "key_unused_days": .integer(t.keyUnusedDays),
                                   "trial_ending_days": .integer(t.trialEndingDays)]),
            "findings": .array(findings.map(\.json)), "usage": .array(usageJSON), "attestation": attestation.json,
        ])
        let doc = ReportDocument(kind: "health", title: "Health check", preamble: ReportMath.preamble("Health check", scope: scope, history: history),
                                 sections: sections, primary: .init(columns: ["severity", "category", "subject", "finding", "recommendation", "entries"], rows: rows),
                                 attestation: attestation)
        return Report(json: json, document: doc)
    }
}
