import Governance
import Ledger

/// Health findings for a quota used at or above the risk threshold in its latest recorded period:
/// a risk, or an overage with what the use above the quota costs at the tier's overage rate and the
/// cheapest remedy — an add-on that raises the quota or a higher tier — said in plain words.
enum QuotaOverages {
    /// One way to bring the use within what the customer pays for, and what it costs a period.
    struct Remedy {
        let words: String
        /// The change in the period's fee, plus any overage still owed after it.
        let cost: Int64
    }

    /// The finding for `used` of `metric` against `limit` (the license's, add-ons and overrides
    /// included) in `period`, or nil below the risk threshold. `fee` prices the license with other
    /// tier or add-ons for one billing period; `entries` are the usage records behind it.
    static func finding(license: License, tier: TierCatalog.Tier, catalog: TierCatalog, metric: String, used: Int64, limit: Int64,
                        period: (start: String, end: String), riskBp: Int64, entries: [Int64],
                        fee: (_ tier: String, _ addons: [String]) -> Int64?, money: (Int64, Bool) -> String) -> Finding? {
        guard limit > 0 else { return nil }
        let ratio = used * 10_000 / limit
        guard ratio >= riskBp else { return nil }
        let per = catalog.billingPeriod
        let excess = used - limit
        let overage = tier.quotas.first { $0.metric == metric }?.overage
        let current = fee(license.tier, license.addons)
        var remedies: [Remedy] = []
        if let addon = catalog.addons.first(where: { $0.raisesQuota?.metric == metric && $0.availableFor.contains(license.tier) && !license.addons.contains($0.id) }),
           let by = addon.raisesQuota?.by, let current, let with = fee(license.tier, license.addons + [addon.id]) {
            let left = excess - by
            var words = "add \(addon.id) (+\(Count.text(by)) \(metric)): \(money(with - current, true)) a \(per)"
            var cost = with - current
            if excess > 0, left > 0 {
                words += ", still \(Count.text(left)) over" + (overage.map { " (\(money($0.cost(left), false)) of overage)" } ?? "")
                // Without an overage rate the add-on alone does not answer: it ranks last.
                cost = overage.map { cost + $0.cost(left) } ?? Int64.max
            }
            remedies.append(Remedy(words: words, cost: cost))
        }
        if let up = catalog.tiers.filter({ $0.rank > tier.rank }).sorted(by: { $0.rank < $1.rank }).first(where: { c in
            (c.quotas.first { $0.metric == metric }?.limit ?? 0) > used && c.price.minSeats <= license.seats && license.seats <= c.price.maxSeats
        }), let current, let price = fee(up.id, license.addons.filter { catalog.addon($0)?.availableFor.contains(up.id) ?? false }) {
            remedies.append(Remedy(words: "upgrade to \(up.name) (\(up.id)): \(money(price - current, true)) a \(per)", cost: price - current))
        }
        let span = "in \(period.start) to \(period.end)"
        guard excess > 0 else {
            return Finding(category: "quota-risk", severity: .warning, subject: license.id,
                           finding: "\(metric) \(Count.text(used)) of \(Count.text(limit)) (\(ratio / 100) %) \(span)",
                           recommendation: remedies.isEmpty ? "agree a quota adjustment (`change propose quota-adjust`)"
                               : remedies.map(\.words).joined(separator: "; or "),
                           entries: entries)
        }
        var finding = "\(metric) \(Count.text(used)) of \(Count.text(limit)) (\(ratio / 100) %) \(span): \(Count.text(excess)) over"
        if let overage {
            finding += ", which costs \(money(overage.cost(excess), false)) at \(tier.name)'s overage rate of \(money(overage.price, false)) per "
                + (overage.per == 1 ? metric : "\(Count.text(overage.per)) \(metric)")
        } else {
            finding += "; \(tier.name) sells no \(metric) overage"
        }
        let ranked = remedies.sorted { $0.cost < $1.cost }
        var advice: String
        if let cheapest = ranked.first {
            advice = "cheapest remedy: \(cheapest.words)"
            if ranked.count > 1 { advice += "; otherwise " + ranked.dropFirst().map(\.words).joined(separator: "; or ") }
            if let overage, overage.cost(excess) < cheapest.cost {
                advice += ". While use stays at this level, paying the overage (\(money(overage.cost(excess), false)) a \(per)) costs less than any remedy"
            }
        } else {
            advice = overage == nil ? "agree a quota adjustment (`change propose quota-adjust`)"
                : "no add-on or higher tier holds this use; the overage is billed, or agree a quota adjustment (`change propose quota-adjust`)"
        }
        return Finding(category: "quota-overage", severity: .critical, subject: license.id, finding: finding, recommendation: advice, entries: entries)
    }
}
