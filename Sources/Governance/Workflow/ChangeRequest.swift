import Ledger

/// A proposed change to a license on its way through the approval rules.
///
/// States: `pending → approved → applied`, or `pending → rejected | withdrawn | expired`
/// (`expired` follows from time: a request still pending at its expiry time).
public struct ChangeRequest: Sendable {
    public enum State: String, Sendable { case pending, approved, applied, rejected, withdrawn }

    public struct Approval: Sendable {
        public let principal: String
        public let seq: Int64
        public let time: EntryTime
        /// True when the approver held only the step's escalation role.
        public let escalated: Bool
    }

    /// `CR-<seq of the proposal>`.
    public var id: String { "CR-\(seq)" }
    public let seq: Int64
    public let kind: ChangeKind
    public let license: String
    public internal(set) var params: JSONValue
    public internal(set) var reason: String
    /// Entries that amended the request, oldest first.
    public internal(set) var amendments: [Int64] = []
    public let proposer: String
    public let proposedAt: EntryTime
    /// Hash of the proposal entry that approvals must name.
    public internal(set) var proposalHash: Digest
    /// Hash of the policy version the request was routed under (at its proposal or latest amendment).
    public internal(set) var policy: String
    public internal(set) var rule: ApprovalPolicy.Rule
    /// `separation_of_duties.one_slot_per_principal` of the version the request was routed under:
    /// a later version of the policy does not change how an open request is decided.
    public internal(set) var oneSlotPerPrincipal: Bool
    public internal(set) var quote: Quote?
    public internal(set) var expiresAt: EntryTime
    /// Approvals per step, in order.
    public internal(set) var approvals: [[Approval]]
    /// When each step opened (step 0 at the proposal); nil until the steps before it are complete.
    public internal(set) var stepOpenedAt: [EntryTime?]
    public internal(set) var state: State
    /// The entry that closed the request (approve of the last slot, reject, withdraw, apply).
    public internal(set) var closedAt: Int64?
    public internal(set) var closingReason: String?
    /// The principal who applied it (`change.apply`, or `policy.adopt` for a policy-adopt request).
    public internal(set) var appliedBy: String? = nil

    /// The status as of `time`: a pending request past its expiry is `expired`.
    public func status(at time: EntryTime) -> RequestStatus {
        if state == .pending && time >= expiresAt { return .expired }
        return RequestStatus(state)
    }

    /// The first step not yet complete, or nil when all are.
    public var currentStep: Int? {
        rule.steps.indices.first { approvals[$0].count < Int(rule.steps[$0].count) }
    }

    public var approvers: Set<String> { Set(approvals.flatMap { $0.map(\.principal) }) }
}

/// A change an admin applied at once, outside the approval rules, awaiting review.
///
/// States: `awaiting-review` → `reviewed`; `review-overdue` while unreviewed after the window.
public struct EmergencyChange: Sendable {
    public struct Review: Sendable {
        public let principal: String
        public let seq: Int64
        public let time: EntryTime
        /// Reviewed after the window had closed.
        public let late: Bool
    }

    public var id: String { "CR-\(seq)" }
    public let seq: Int64
    public let kind: ChangeKind
    public let license: String
    public let params: JSONValue
    public let reason: String
    public let admin: String
    public let appliedAt: EntryTime
    public let reviewDeadline: EntryTime
    public let reviewRole: Role
    public internal(set) var review: Review?

    public func status(at time: EntryTime) -> EmergencyStatus {
        if review != nil { return .reviewed }
        return time >= reviewDeadline ? .reviewOverdue : .awaitingReview
    }
}
