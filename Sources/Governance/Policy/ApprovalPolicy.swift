/// The approval rules (`policies/approvals.yaml`): which changes need whose sign-off, in what order.
///
/// Rules are tried in file order and the **first** whose `match` holds wins; the one rule marked
/// `default: true` has no `match`, comes last, and catches everything else.
public struct ApprovalPolicy: Sendable {
    public struct Escalation: Sendable {
        public let afterHours: Int64
        public let role: Role
    }

    public struct Step: Sendable {
        public let role: Role
        /// Approvals needed from distinct principals holding `role` (m of n).
        public let count: Int64
        public let escalation: Escalation?
    }

    /// An inclusive range; either end may be open.
    public struct Range: Sendable, Equatable {
        public let min: Int64?
        public let max: Int64?

        func contains(_ value: Int64) -> Bool { (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true) }
        /// True when every value in `other` is in self.
        func covers(_ other: Range?) -> Bool {
            guard let other else { return min == nil && max == nil }
            let lowOK = min.map { low in other.min.map { $0 >= low } ?? false } ?? true
            let highOK = max.map { high in other.max.map { $0 <= high } ?? false } ?? true
            return lowOK && highOK
        }
        var isEmpty: Bool { if let min, let max { return min > max }; return false }
        var text: String {
            switch (min, max) {
            case let (a?, b?): return "\(a) to \(b)"
            case let (a?, nil): return "at least \(a)"
            case let (nil, b?): return "at most \(b)"
            default: return "any"
            }
        }
    }

    public struct Match: Sendable {
        public let kinds: Set<ChangeKind>?
        public let fromTiers: Set<String>?
        public let toTiers: Set<String>?
        public let discountBp: Range?
        public let seatsDelta: Range?
        public let termMonths: Range?
        public let amount: Range?
    }

    public struct Rule: Sendable {
        public let id: String
        public let description: String
        public let match: Match?
        public let isDefault: Bool
        public let steps: [Step]
        public let expiryHours: Int64?
        let line: Int
        let column: Int
        /// False when the request's proposer may not apply it (`proposer_may_apply: false`).
        public internal(set) var proposerMayApply = true
        /// False when none of its approvers may apply it (`approvers_may_apply: false`).
        public internal(set) var approversMayApply = true
    }

    public let label: String
    public let areas: [String]
    public let proposerMayApprove: Bool
    public let oneSlotPerPrincipal: Bool
    public let emergencyReviewWindowHours: Int64
    public let emergencyReviewRole: Role
    public let defaultExpiryHours: Int64
    public let rules: [Rule]
    /// Thresholds of the health report (`health:` in approvals.yaml; these defaults without it).
    public var health = HealthThresholds()
    /// The roles whose keys may sign reports (`report_signers:` in approvals.yaml): a report
    /// signed with another key is refused by `report --sign` and by `report verify`.
    public var reportSigners: [Role] = ApprovalPolicy.defaultReportSigners

    /// `auditor` and `compliance`: the roles that sign reports when the policy names none.
    public static let defaultReportSigners: [Role] = [.auditor, .compliance]
}

/// When the health report calls something a finding.
public struct HealthThresholds: Sendable, Equatable {
    /// Seat or quota use below this share (bp) of the entitlement, at its peak over the window, is underuse.
    public var underuseBp: Int64 = 4_000
    public var underuseWindowDays: Int64 = 90
    /// Use at or above this share (bp) of a quota in its latest period is an overage risk.
    public var overageRiskBp: Int64 = 9_000
    /// Renewal horizons, ascending: a term ending within one of them with no renewal pending is a finding.
    public var renewalWindowsDays: [Int64] = [30, 60, 90]
    /// A request pending longer than this is stale.
    public var staleRequestHours: Int64 = 72
    /// A principal's current key that has signed nothing for this long is a finding.
    public var keyUnusedDays: Int64 = 180
    /// A trial ending within this many days with no conversion pending is a finding.
    public var trialEndingDays: Int64 = 7
    public init() {}
}

/// What a change request does to a license.
public enum ChangeKind: String, Sendable, CaseIterable, Comparable {
    case issue, upgrade, downgrade, renew, seats
    case addonAdd = "addon-add", addonRemove = "addon-remove", quotaAdjust = "quota-adjust"
    case suspend, reinstate, transfer, terminate
    case trial, convert
    case policyAdopt = "policy-adopt"

    public static func < (a: ChangeKind, b: ChangeKind) -> Bool { a.rawValue < b.rawValue }
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
