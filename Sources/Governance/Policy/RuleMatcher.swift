/// The facts about a change that approval rules match on.
public struct ChangeFacts: Sendable {
    public var kind: ChangeKind
    public var fromTier: String?
    public var toTier: String?
    public var seatsDelta: Int64
    public var discountBp: Int64
    public var termMonths: Int64?
    /// The quote's total per billing period, in minor units.
    public var amount: Int64

    public init(kind: ChangeKind, fromTier: String? = nil, toTier: String? = nil, seatsDelta: Int64 = 0, discountBp: Int64 = 0,
                termMonths: Int64? = nil, amount: Int64 = 0) {
        self.kind = kind
        self.fromTier = fromTier
        self.toTier = toTier
        self.seatsDelta = seatsDelta
        self.discountBp = discountBp
        self.termMonths = termMonths
        self.amount = amount
    }
}

/// One rule's verdict on a change.
public struct RuleDecision: Sendable {
    public enum Outcome: String, Sendable { case matches, noMatch = "no-match", notReached = "not-reached" }
    public let rule: ApprovalPolicy.Rule
    public let outcome: Outcome
    public let reason: String
}

extension ApprovalPolicy {
    /// Tries the rules in order: the first that matches wins. Every rule gets a verdict with a reason.
    public func evaluate(_ facts: ChangeFacts) -> (winner: Rule?, decisions: [RuleDecision]) {
        var winner: Rule? = nil
        var decisions: [RuleDecision] = []
        for rule in rules {
            if let winner {
                decisions.append(.init(rule: rule, outcome: .notReached, reason: "not reached: rule \(winner.id) matched first"))
                continue
            }
            if let miss = ApprovalPolicy.firstMismatch(rule, facts) {
                decisions.append(.init(rule: rule, outcome: .noMatch, reason: miss))
            } else {
                winner = rule
                decisions.append(.init(rule: rule, outcome: .matches,
                                       reason: rule.isDefault ? "matches: the default rule, as no rule above it matched" : "matches every condition"))
            }
        }
        return (winner, decisions)
    }

    /// The expiry that applies to a request under `rule`, in hours.
    public func expiryHours(for rule: Rule) -> Int64 { rule.expiryHours ?? defaultExpiryHours }

    private static func firstMismatch(_ rule: Rule, _ f: ChangeFacts) -> String? {
        guard let m = rule.match else { return nil }
        if let kinds = m.kinds, !kinds.contains(f.kind) {
            return "kind \(f.kind.rawValue) is not one of \(kinds.sorted().map(\.rawValue).joined(separator: ", "))"
        }
        if let tiers = m.fromTiers {
            guard let from = f.fromTier, tiers.contains(from) else {
                return "from tier \(f.fromTier ?? "(none given)") is not one of \(tiers.sorted().joined(separator: ", "))"
            }
        }
        if let tiers = m.toTiers {
            guard let to = f.toTier, tiers.contains(to) else {
                return "to tier \(f.toTier ?? "(none given)") is not one of \(tiers.sorted().joined(separator: ", "))"
            }
        }
        if let r = m.discountBp, !r.contains(f.discountBp) { return "discount \(f.discountBp) bp is not \(r.text)" }
        if let r = m.seatsDelta, !r.contains(f.seatsDelta) { return "seat change \(f.seatsDelta) is not \(r.text)" }
        if let r = m.termMonths {
            guard let term = f.termMonths else { return "no term given; the rule needs a term of \(r.text) months" }
            if !r.contains(term) { return "term \(term) months is not \(r.text)" }
        }
        if let r = m.amount, !r.contains(f.amount) { return "amount \(f.amount) is not \(r.text)" }
        return nil
    }
}
