/// Where a change request stands at a moment: its recorded state, or `expired` for a pending
/// request past its expiry (which no entry records; it follows from time).
public enum RequestStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    case pending, approved, applied, rejected, withdrawn, expired

    init(_ state: ChangeRequest.State) {
        switch state {
        case .pending: self = .pending
        case .approved: self = .approved
        case .applied: self = .applied
        case .rejected: self = .rejected
        case .withdrawn: self = .withdrawn
        }
    }

    public var description: String { rawValue }
}

/// Where an emergency change stands at a moment.
public enum EmergencyStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    case awaitingReview = "awaiting-review"
    case reviewOverdue = "review-overdue"
    case reviewed

    public var description: String { rawValue }
}
