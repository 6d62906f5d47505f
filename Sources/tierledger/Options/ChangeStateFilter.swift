import ArgumentParser

/// The states `change list --state` filters on: those of change requests, and those of emergency
/// changes. Anything else is refused when the command line is parsed (exit status 2), with this list.
enum ChangeStateFilter: String, CaseIterable, ExpressibleByArgument {
    case pending, approved, applied, rejected, withdrawn, expired
    case awaitingReview = "awaiting-review"
    case reviewed
    case reviewOverdue = "review-overdue"

    /// `pending, approved, …`, for help and errors.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
