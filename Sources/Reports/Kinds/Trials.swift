import Governance
import Ledger

/// Health findings for trials: one ending soon with no conversion pending, and one that ran out
/// without being converted (a finding for the longest renewal window after its end, as lapsed
/// licenses are).
enum Trials {
    static func findings(_ licenses: [License], state: GovernanceState, asOf: EntryTime, thresholds t: HealthThresholds) -> [Finding] {
        let day: Int64 = 86_400_000
        var out: [Finding] = []
        for license in licenses.sorted(by: { $0.id < $1.id }) where license.isTrial {
            guard let started = license.trialSince else { continue }
            let pending = state.requests.values.filter { $0.license == license.id && $0.kind == .convert && $0.status(at: asOf) == .pending }
                .map(\.seq).sorted()
            guard pending.isEmpty else { continue }
            let convert = "convert it: tierledger change propose convert --license \(license.id) --term-months 12"
            switch license.status(at: asOf) {
            case .active, .suspended:
                let left = license.termEnd.milliseconds - asOf.milliseconds
                guard left <= t.trialEndingDays * day else { continue }
                let days = (left + day - 1) / day
                out.append(Finding(category: "trial-ending", severity: .warning, subject: license.id,
                                   finding: "the \(license.tier) trial of \(license.customer) ends \(license.termEnd.rfc3339) (in \(days) day\(days == 1 ? "" : "s")); no conversion is pending",
                                   recommendation: "agree terms with the customer and \(convert)", entries: [started]))
            case .expired:
                let since = (asOf.milliseconds - license.termEnd.milliseconds) / day
                guard since <= LapsedLicenses.lookbackDays(t) else { continue }
                out.append(Finding(category: "trial-expired", severity: .info, subject: license.id,
                                   finding: "the \(license.tier) trial of \(license.customer) ended \(license.termEnd.rfc3339) (\(since) days ago) and was not converted",
                                   recommendation: "follow up with the customer: \(convert); or close it: tierledger change propose terminate --license \(license.id)",
                                   entries: [started] + license.changes.suffix(1).filter { $0 != started }))
            case .terminated:
                break
            }
        }
        return out
    }
}
