import Ledger
import LedgerCrypto

/// A price, line by line, in integer minor units per billing period, reproducible from a policy
/// version: base, seats × rate, add-ons, then volume, term and manual discounts (in that order,
/// each on what remains, each rounded half up to the minor unit), and the total.
public struct Quote: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        /// `base`, `seats`, `addon`, `volume-discount`, `term-discount`, `manual-discount`, `overage`.
        public let kind: String
        public let description: String
        public let quantity: Int64?
        public let unitAmount: Int64?
        /// Negative for discounts.
        public let amount: Int64
    }

    public let tier: String
    public let seats: Int64
    public let addons: [String]
    public let termMonths: Int64
    public let currency: String
    public let billingPeriod: String
    public let lines: [Line]
    public let subtotal: Int64
    public let total: Int64
    /// `total` × the number of billing periods in the term.
    public let termTotal: Int64
    /// The policy version the prices come from.
    public let policy: String

    public var json: JSONValue {
        .object([
            "tier": .string(tier), "seats": .integer(seats), "addons": .array(addons.map { .string($0) }),
            "term_months": .integer(termMonths), "currency": .string(currency), "billing_period": .string(billingPeriod),
            "lines": .array(lines.map { line in
                var members: [String: JSONValue] = ["kind": .string(line.kind), "description": .string(line.description),
                                                    "amount": .integer(line.amount)]
                if let q = line.quantity { members["quantity"] = .integer(q) }
                if let u = line.unitAmount { members["unit_amount"] = .integer(u) }
                return .object(members)
            }),
            "subtotal": .integer(subtotal), "total": .integer(total), "term_total": .integer(termTotal), "policy": .string(policy),
        ])
    }
}

/// Why a quote cannot be made, in words a proposer can act on.
public struct QuoteError: CodedError {
    public let description: String
    public var errorCode: ErrorCode { .governanceQuote }
}

extension PolicySet {
    /// Prices `seats` of `tier` with `addons` over `termMonths`, less a manual `discountBp`, plus
    /// overage for `usage` (expected use per quota period, by metric) above the quotas the tier and
    /// add-ons grant, at the tier's `overage` rates.
    public func quote(tier tierID: String, seats: Int64, addons: [String] = [], termMonths: Int64 = 12, discountBp: Int64 = 0,
                      usage: [String: Int64] = [:]) throws -> Quote {
        let catalog = self.catalog
        guard let tier = catalog.tier(tierID) else {
            throw QuoteError(description: "unknown tier \"\(tierID)\"; tiers: \(catalog.tiers.map(\.id).joined(separator: ", "))")
        }
        guard seats >= tier.price.minSeats, seats <= tier.price.maxSeats else {
            throw QuoteError(description: "\(tier.name) is sold for \(tier.price.minSeats) to \(tier.price.maxSeats) seats, not \(seats)")
        }
        guard termMonths >= 1, termMonths <= 120 else { throw QuoteError(description: "the term must be 1 to 120 months, not \(termMonths)") }
        guard (0...10_000).contains(discountBp) else { throw QuoteError(description: "a discount is 0 to 10000 bp, not \(discountBp)") }
        let months = catalog.billingPeriod == "year" ? 12 : 1
        guard termMonths % Int64(months) == 0 else {
            throw QuoteError(description: "billing is per \(catalog.billingPeriod): the term must be a whole number of them")
        }

        var lines: [Quote.Line] = [
            .init(kind: "base", description: "\(tier.name) base fee", quantity: nil, unitAmount: nil, amount: tier.price.base),
            .init(kind: "seats", description: "\(seats) seats × \(tier.price.perSeat)", quantity: seats, unitAmount: tier.price.perSeat,
                  amount: try checked(seats, times: tier.price.perSeat)),
        ]
        var seen: Set<String> = []
        for id in addons {
            guard let addon = catalog.addon(id) else {
                throw QuoteError(description: "unknown add-on \"\(id)\"; add-ons: \(catalog.addons.map(\.id).joined(separator: ", "))")
            }
            guard addon.availableFor.contains(tier.id) else {
                throw QuoteError(description: "add-on \(id) is not offered for \(tier.name) (only for \(addon.availableFor.joined(separator: ", ")))")
            }
            guard seen.insert(id).inserted else { throw QuoteError(description: "add-on \(id) is listed twice") }
            lines.append(addon.perSeat
                ? .init(kind: "addon", description: "\(addon.name): \(seats) seats × \(addon.price)", quantity: seats, unitAmount: addon.price,
                        amount: try checked(seats, times: addon.price))
                : .init(kind: "addon", description: addon.name, quantity: nil, unitAmount: nil, amount: addon.price))
        }
        let subtotal = lines.reduce(0) { $0 + $1.amount }
        var remaining = subtotal
        func discount(_ kind: String, _ bp: Int64, _ why: String) {
            guard bp > 0 else { return }
            let amount = (remaining * bp + 5_000) / 10_000
            lines.append(.init(kind: kind, description: "\(why): \(bp) bp", quantity: nil, unitAmount: nil, amount: -amount))
            remaining -= amount
        }
        if let step = catalog.discounts.volume.last(where: { seats >= $0.minSeats }) {
            discount("volume-discount", step.discountBp, "volume discount from \(step.minSeats) seats")
        }
        if let step = catalog.discounts.term.last(where: { termMonths >= $0.minMonths }) {
            discount("term-discount", step.discountBp, "term discount from \(step.minMonths) months")
        }
        discount("manual-discount", discountBp, "manual discount")
        for (metric, used) in usage.sorted(by: { $0.key < $1.key }) {
            guard let line = try overageLine(tier: tier, addons: addons, metric: metric, used: used) else { continue }
            lines.append(line)
            remaining += line.amount
        }
        return Quote(tier: tier.id, seats: seats, addons: addons, termMonths: termMonths, currency: catalog.currency,
                     billingPeriod: catalog.billingPeriod, lines: lines, subtotal: subtotal, total: remaining,
                     termTotal: try checked(remaining, times: termMonths / Int64(months)), policy: hash)
    }

    /// The overage line for `used` units of `metric` in one quota period of `tier` with `addons`, or
    /// nil when the use is within the quota.
    private func overageLine(tier: TierCatalog.Tier, addons: [String], metric: String, used: Int64) throws -> Quote.Line? {
        guard catalog.metrics.contains(where: { $0.id == metric }) else {
            throw QuoteError(description: "unknown metric \"\(metric)\"; metrics: \(catalog.metrics.map(\.id).joined(separator: ", "))")
        }
        guard used >= 0 else { throw QuoteError(description: "expected use of \(metric) is 0 or more, not \(used)") }
        guard let quota = tier.quotas.first(where: { $0.metric == metric }) else {
            throw QuoteError(description: "\(tier.name) has no quota on \(metric); use of it is not metered")
        }
        let limit = addons.compactMap { catalog.addon($0)?.raisesQuota }.filter { $0.metric == metric }.reduce(quota.limit) { $0 + $1.by }
        let excess = used - limit
        guard excess > 0 else { return nil }
        guard let overage = quota.overage else {
            throw QuoteError(description: "\(tier.name) does not sell \(metric) above its quota of \(limit); add an add-on that raises it, or choose a higher tier")
        }
        let blocks = overage.blocks(excess)
        return .init(kind: "overage", description: "\(metric) overage: \(excess) over \(limit) a \(quota.period), \(blocks) × \(overage.price) per \(overage.per)",
                     quantity: blocks, unitAmount: overage.price, amount: try checked(blocks, times: overage.price))
    }

    private func checked(_ a: Int64, times b: Int64) throws -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, abs(product) <= JSONValue.maxSafeInteger else { throw QuoteError(description: "the amount is too large to record") }
        return product
    }
}
