import Ledger
import LedgerCrypto

/// The lifecycle rules: what each change kind needs, what it refuses, and what it does to a license.
///
/// Parameters per kind (the `params` of a proposal):
/// - issue: `customer`, `tier`, `seats`, `term_months`, optional `addons`, `discount_bp`
/// - upgrade / downgrade: `to_tier`, optional `discount_bp`
/// - renew: `term_months`, optional `discount_bp`
/// - seats: `seats` (the new count), optional `discount_bp`
/// - addon-add / addon-remove: `addon`
/// - quota-adjust: `metric`, `limit`
/// - transfer: `to_customer`
/// - suspend, reinstate, terminate: none
/// - trial: `customer`, `tier`, `seats`, `ends` (a date, `YYYY-MM-DD`: the trial runs to the end of that day, UTC)
/// - convert: `term_months`, optional `seats`, `addons`, `discount_bp`
public enum LicenseChange {
    /// The `license` a `policy-adopt` request names: it changes the policy, not a license.
    public static let policyLicenseID = "policy"

    /// The outcome of a valid change.
    public struct Outcome: Sendable {
        public let license: License
        /// The new price, for kinds that change it.
        public let quote: Quote?
        /// What approval rules match on.
        public let facts: ChangeFacts
    }

    /// Quota limits of a license: its tier's, raised by add-ons, replaced by overrides.
    public static func quotaLimits(_ catalog: TierCatalog, _ license: License) -> [String: Int64] {
        var limits = Dictionary((catalog.tier(license.tier)?.quotas ?? []).map { ($0.metric, $0.limit) }, uniquingKeysWith: max)
        for id in license.addons { if let r = catalog.addon(id)?.raisesQuota { limits[r.metric, default: 0] += r.by } }
        for (metric, limit) in license.quotaOverrides { limits[metric] = limit }
        return limits
    }

    static let allowedParams: [ChangeKind: Set<String>] = [
        .issue: ["customer", "tier", "seats", "term_months", "addons", "discount_bp"],
        .upgrade: ["to_tier", "discount_bp"], .downgrade: ["to_tier", "discount_bp", "remediation"],
        .renew: ["term_months", "discount_bp"], .seats: ["seats", "discount_bp", "remediation"],
        .addonAdd: ["addon"], .addonRemove: ["addon"], .quotaAdjust: ["metric", "limit"],
        .transfer: ["to_customer"], .suspend: [], .reinstate: [], .terminate: [], .policyAdopt: ["hash", "label"],
        .trial: ["customer", "tier", "seats", "ends"], .convert: ["term_months", "seats", "addons", "discount_bp"],
    ]

    /// The kinds a trial not yet converted accepts: anything else waits for the conversion.
    static let trialKinds: Set<ChangeKind> = [.convert, .suspend, .reinstate, .terminate]

    /// The end of a trial whose last day is `date` (`YYYY-MM-DD`): midnight UTC after it.
    public static func trialEnd(_ date: String) -> EntryTime? {
        guard date.utf8.count == 10, let midnight = EntryTime(rfc3339: date + "T00:00:00.000Z") else { return nil }
        return EntryTime(milliseconds: midnight.milliseconds + 86_400_000)
    }

    /// Checks `kind` with `params` against `license` (nil for a license not yet issued) at `time`
    /// under `policy`, and returns the license after it.
    ///
    /// `usage` gives the latest recorded value of a metric for this license: a seat cut below the
    /// recorded `active-seats`, or a downgrade to quotas below recorded use, needs a `remediation` note.
    public static func evaluate(_ kind: ChangeKind, id: String, params: JSONValue, license: License?, at time: EntryTime,
                                policy: PolicySet, seq: Int64, usage: (String) -> Int64? = { _ in nil }) throws(AuthorityViolation) -> Outcome {
        func fail(_ code: ErrorCode, _ text: String) -> AuthorityViolation { AuthorityViolation(code, "\(kind.rawValue) of \(id): \(text)") }
        guard let members = params.objectValue else { throw fail(.governanceBody, "params must be an object") }
        let allowed = allowedParams[kind] ?? []
        for name in members.keys.sorted() where !allowed.contains(name) {
            throw fail(.governanceBody, "unknown parameter \"\(name)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        func int(_ name: String) throws(AuthorityViolation) -> Int64 {
            guard let value = params[name]?.integerValue else { throw fail(.governanceBody, "\"\(name)\" must be an integer") }
            return value
        }
        func text(_ name: String) throws(AuthorityViolation) -> String {
            guard let value = params[name]?.stringValue, !value.isEmpty, value.utf8.count <= 128 else {
                throw fail(.governanceBody, "\"\(name)\" must be 1-128 bytes of text")
            }
            return value
        }
        let discount = params["discount_bp"] == nil ? 0 : try int("discount_bp")
        func addonList() throws(AuthorityViolation) -> [String] {
            guard let list = params["addons"] else { return [] }
            guard let items = list.arrayValue?.compactMap(\.stringValue), items.count == list.arrayValue?.count else {
                throw fail(.governanceBody, "\"addons\" must be a list of add-on ids")
            }
            return items.sorted()
        }
        func priced(_ tier: String, _ seats: Int64, _ addons: [String], _ months: Int64) throws(AuthorityViolation) -> Quote {
            do {
                return try policy.quote(tier: tier, seats: seats, addons: addons, termMonths: months, discountBp: discount)
            } catch {
                throw fail(.governanceQuote, "\(error)")
            }
        }
        if kind == .policyAdopt {
            // Approving a new policy version: no license changes; the version is named by its hash.
            guard id == policyLicenseID else { throw fail(.governanceBody, "a policy-adopt request names the license \"\(policyLicenseID)\"") }
            guard let hash = params["hash"]?.stringValue, Digest(hex: hash) != nil else { throw fail(.governanceBody, "\"hash\" must be the new version's 64-hex hash") }
            guard hash != policy.hash else { throw fail(.governanceDuplicate, "that version is already in force") }
            let placeholder = License(id: id, customer: "", tier: "", addons: [], seats: 0, termStart: time, termEnd: time, status: .active,
                                      quotaOverrides: [:], changes: [])
            return Outcome(license: placeholder, quote: nil, facts: ChangeFacts(kind: .policyAdopt))
        }

        if kind == .issue {
            guard license == nil else { throw fail(.governanceDuplicate, "license \(id) already exists; choose a new id") }
            guard License.isValidID(id) else { throw fail(.governanceBody, "a license id is 1-64 letters, digits, '.', '_', '-'") }
            let tier = try text("tier"), seats = try int("seats"), months = try int("term_months")
            let addons = try addonList()
            let quote = try priced(tier, seats, addons, months)
            guard let end = time.addingMonths(months) else { throw fail(.governanceTime, "the term ends too late") }
            var issued = License(id: id, customer: try text("customer"), tier: tier, addons: addons, seats: seats, termStart: time,
                                 termEnd: end, status: .active, quotaOverrides: [:], changes: [seq])
            issued.recordVersion(seq: seq, at: time)
            return Outcome(license: issued, quote: quote,
                           facts: ChangeFacts(kind: kind, toTier: tier, seatsDelta: seats, discountBp: discount, termMonths: months, amount: quote.total))
        }

        if kind == .trial {
            guard license == nil else { throw fail(.governanceDuplicate, "license \(id) already exists; a trial starts a new license") }
            guard License.isValidID(id) else { throw fail(.governanceBody, "a license id is 1-64 letters, digits, '.', '_', '-'") }
            let tierID = try text("tier"), seats = try int("seats"), ends = try text("ends")
            guard let tier = policy.catalog.tier(tierID) else { throw fail(.governanceBody, "unknown tier \"\(tierID)\"") }
            guard let limits = tier.trial else { throw fail(.governanceLifecycle, "\(tier.name) is not offered on trial (the tier has no trial: in tiers.yaml)") }
            guard (1...limits.maxSeats).contains(seats) else {
                throw fail(.governanceLifecycle, "a trial of \(tier.name) has 1 to \(limits.maxSeats) seats, not \(seats)")
            }
            guard let end = trialEnd(ends) else { throw fail(.governanceBody, "\"ends\" must be a date, YYYY-MM-DD") }
            guard end > time else { throw fail(.governanceTime, "the trial would end (\(end.rfc3339)) before it starts (\(time.rfc3339))") }
            let days = (end.milliseconds - time.milliseconds + 86_399_999) / 86_400_000
            guard days <= limits.maxDays else {
                throw fail(.governanceLifecycle, "a trial of \(tier.name) runs at most \(limits.maxDays) days; ending \(ends) makes it \(days), so end it by an earlier day")
            }
            var trial = License(id: id, customer: try text("customer"), tier: tierID, addons: [], seats: seats, termStart: time,
                                termEnd: end, status: .active, quotaOverrides: [:], changes: [seq])
            trial.trialSince = seq
            trial.recordVersion(seq: seq, at: time)
            return Outcome(license: trial, quote: nil, facts: ChangeFacts(kind: kind, toTier: tierID, seatsDelta: seats, discountBp: 0, amount: 0))
        }

        guard var next = license else { throw fail(.governanceNotFound, "no license \(id) has been issued") }
        let current = next
        let state = current.status(at: time)
        guard state != .terminated else { throw fail(.governanceLifecycle, "the license is terminated; nothing more can change") }
        if current.isTrial, !trialKinds.contains(kind) {
            throw fail(.governanceLifecycle, "\(id) is a trial; convert it to a paid license first (change propose convert --license \(id) --term-months 12)")
        }
        var facts = ChangeFacts(kind: kind, fromTier: current.tier, toTier: current.tier, discountBp: discount)
        var quote: Quote? = nil
        let rank = { (t: String) -> Int64 in policy.catalog.tier(t)?.rank ?? 0 }

        switch kind {
        case .upgrade, .downgrade:
            guard state != .expired else { throw fail(.governanceLifecycle, "the license expired at \(current.termEnd); renew it first") }
            let target = try text("to_tier")
            guard policy.catalog.tier(target) != nil else { throw fail(.governanceBody, "unknown tier \"\(target)\"") }
            if kind == .upgrade, rank(target) <= rank(current.tier) {
                throw fail(.governanceLifecycle, "\(target) is not above \(current.tier); an upgrade goes to a higher tier")
            }
            if kind == .downgrade, rank(target) >= rank(current.tier) {
                throw fail(.governanceLifecycle, "\(target) is not below \(current.tier); a downgrade goes to a lower tier")
            }
            next.tier = target
            next.addons = current.addons.filter { policy.catalog.addon($0)?.availableFor.contains(target) ?? false }
            if kind == .downgrade, params["remediation"]?.stringValue?.isEmpty != false {
                let limits = quotaLimits(policy.catalog, next)
                for (metric, limit) in limits.sorted(by: { $0.key < $1.key }) {
                    if let used = usage(metric), used > limit {
                        throw fail(.governanceLifecycle, "recorded \(metric) use of \(used) is above \(target)'s limit of \(limit); add a remediation note (--remediation) saying how it will be brought down")
                    }
                }
            }
            facts.toTier = target
            quote = try priced(target, current.seats, next.addons, 12)
        case .renew:
            let months = try int("term_months")
            guard let end = max(current.termEnd, time).addingMonths(months) else { throw fail(.governanceTime, "the term ends too late") }
            next.termEnd = end
            if state == .expired { next.termStart = time }
            facts.termMonths = months
            quote = try priced(current.tier, current.seats, current.addons, months)
        case .seats:
            guard state != .expired else { throw fail(.governanceLifecycle, "the license expired at \(current.termEnd); renew it first") }
            let seats = try int("seats")
            guard seats != current.seats else { throw fail(.governanceLifecycle, "the license already has \(seats) seats") }
            if seats < current.seats, let used = usage("active-seats"), used > seats, params["remediation"]?.stringValue?.isEmpty != false {
                throw fail(.governanceLifecycle, "\(used) seats were recorded in use, more than the \(seats) proposed; add a remediation note (--remediation)")
            }
            next.seats = seats
            facts.seatsDelta = seats - current.seats
            quote = try priced(current.tier, seats, current.addons, 12)
        case .addonAdd, .addonRemove:
            let addon = try text("addon")
            if kind == .addonAdd {
                guard !current.addons.contains(addon) else { throw fail(.governanceLifecycle, "add-on \(addon) is already on the license") }
                next.addons = (current.addons + [addon]).sorted()
            } else {
                guard current.addons.contains(addon) else { throw fail(.governanceLifecycle, "add-on \(addon) is not on the license") }
                next.addons = current.addons.filter { $0 != addon }
            }
            quote = try priced(current.tier, current.seats, next.addons, 12)
        case .quotaAdjust:
            let metric = try text("metric"), limit = try int("limit")
            guard policy.catalog.metrics.contains(where: { $0.id == metric }) else { throw fail(.governanceBody, "unknown metric \"\(metric)\"") }
            guard limit >= 0 else { throw fail(.governanceBody, "a quota limit is 0 or more") }
            next.quotaOverrides[metric] = limit
        case .suspend:
            guard state == .active else { throw fail(.governanceLifecycle, "only an active license can be suspended (it is \(state))") }
            next.status = .suspended
        case .reinstate:
            guard state == .suspended else { throw fail(.governanceLifecycle, "only a suspended license can be reinstated (it is \(state))") }
            next.status = .active
        case .transfer:
            let to = try text("to_customer")
            guard to != current.customer else { throw fail(.governanceLifecycle, "the license already belongs to \(to)") }
            next.customer = to
        case .terminate:
            next.status = .terminated
        case .convert:
            guard current.isTrial else {
                throw fail(.governanceLifecycle, current.convertedAt.map { "the trial was already converted in entry \($0)" } ?? "\(id) is not a trial")
            }
            guard state != .suspended else { throw fail(.governanceLifecycle, "the trial is suspended; reinstate it first") }
            let months = try int("term_months")
            let seats = params["seats"] == nil ? current.seats : try int("seats")
            let addons = try addonList()
            quote = try priced(current.tier, seats, addons, months)
            guard let end = time.addingMonths(months) else { throw fail(.governanceTime, "the term ends too late") }
            next.seats = seats
            next.addons = addons
            next.termStart = time
            next.termEnd = end
            next.convertedAt = seq
            facts.seatsDelta = seats
            facts.termMonths = months
        case .issue, .policyAdopt, .trial:
            throw fail(.governanceBody, "unreachable")
        }
        if let quote { facts.amount = quote.total }
        next.changes.append(seq)
        next.recordVersion(seq: seq, at: time)
        return Outcome(license: next, quote: quote, facts: facts)
    }
}
