import Governance
import Ledger

/// Health findings for licenses that are no longer in service: suspended, expired without a
/// renewal, expired while suspended, and lapsed (suspended, expired or terminated) with SLA credits
/// computed for months of the report, which the customer can no longer take against a later invoice.
enum LapsedLicenses {
    /// How long after its term end an expired license stays a finding: the longest renewal window.
    static func lookbackDays(_ t: HealthThresholds) -> Int64 { t.renewalWindowsDays.last ?? 90 }

    /// The findings for `licenses` (those in scope) as of `asOf`; `credits` holds the SLA credits
    /// computed per license over the report's months, with the entries behind them. Expired and
/// terminated licenses are findings for `lookbackDays` after they lapsed, then drop out.
    static func findings(_ licenses: [License], state: GovernanceState, asOf: EntryTime, thresholds t: HealthThresholds,
                         credits: [String: (total: Int64, months: [String], entries: [Int64])], money: (Int64) -> String) -> [Finding] {
        let day: Int64 = 86_400_000
        var out: [Finding] = []
        for license in licenses.sorted(by: { $0.id < $1.id }) {
            let status = license.status(at: asOf)
            // A trial that ran out is `Trials`' finding (it is converted, not renewed).
            if license.isTrial, status == .expired { continue }
            guard status != .active else { continue }
            let suspension = suspendedSince(license)
            let renewalPending = state.requests.values.contains { $0.license == license.id && $0.kind == .renew && $0.status(at: asOf) == .pending }
            let daysSinceEnd = (asOf.milliseconds - license.termEnd.milliseconds) / day
            switch status {
            case .suspended:
                if let since = suspension {
                    let days = (asOf.milliseconds - since.from.milliseconds) / day
                    out.append(Finding(category: "license-suspended", severity: days > 30 ? .warning : .info, subject: license.id,
                                       finding: "suspended since \(since.from.rfc3339) (\(days) days); the term ends \(license.termEnd.rfc3339)",
                                       recommendation: "reinstate it or terminate it: tierledger change propose reinstate --license \(license.id)",
                                       entries: [since.seq]))
                }
            case .expired where daysSinceEnd <= lookbackDays(t) && !renewalPending:
                if let since = suspension, since.from < license.termEnd {
                    out.append(Finding(category: "expired-while-suspended", severity: .warning, subject: license.id,
                                       finding: "the term ended \(license.termEnd.rfc3339) (\(daysSinceEnd) days ago) while suspended since \(since.from.rfc3339)",
                                       recommendation: "settle the suspension, then renew or terminate it: tierledger change propose terminate --license \(license.id)",
                                       entries: [since.seq] + license.changes.suffix(1).filter { $0 != since.seq }))
                } else {
                    out.append(Finding(category: "expired-unrenewed", severity: .warning, subject: license.id,
                                       finding: "the term ended \(license.termEnd.rfc3339) (\(daysSinceEnd) days ago) and no renewal is pending",
                                       recommendation: "propose a renewal: tierledger change propose renew --license \(license.id) --term-months 12",
                                       entries: license.changes.suffix(1)))
                }
            default:
                break
            }
            let lapsedAt: EntryTime? = status == .terminated ? license.versions.last(where: { $0.status == .terminated })?.from
                : status == .expired ? license.termEnd : nil
            if let lapsedAt, (asOf.milliseconds - lapsedAt.milliseconds) / day <= lookbackDays(t), let owed = credits[license.id], owed.total > 0 {
                out.append(Finding(category: "credits-lapsed", severity: .warning, subject: license.id,
                                   finding: "\(status.rawValue), with SLA credits of \(money(owed.total)) computed for \(owed.months.joined(separator: ", "))",
                                   recommendation: "pay them out or set them against the customer's final invoice", entries: owed.entries))
            }
        }
        return out
    }

    /// The change that began the suspension the license is in now (its last run of suspended versions).
    static func suspendedSince(_ license: License) -> License.Version? {
        var first: License.Version?
        for version in license.versions.reversed() {
            guard version.status == .suspended else { break }
            first = version
        }
        return first
    }
}
