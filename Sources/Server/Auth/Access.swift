import Governance

/// Who may call a route (docs/server.md lists each route's). Checked before the route's handler runs.
public enum Access: Sendable, Equatable, CustomStringConvertible {
    /// Anyone: what every copy of the log already holds (checkpoints, proofs, hash tiles, health).
    case open
    /// A customer's records: staff, or a token of the customer that owns the record (the handler
    /// checks ownership and answers 404 for another customer's, exactly as for a missing one).
    case customerData
    /// Any enrolled principal signing with its current key; with roles, one of those.
    case staff(Set<Role>?)
    /// Any authenticated caller.
    case signedIn

    public var description: String {
        switch self {
        case .open: return "open"
        case .customerData: return "customer or staff"
        case let .staff(roles?): return "staff (" + roles.sorted().map(\.name).joined(separator: " or ") + ")"
        case .staff(nil): return "staff"
        case .signedIn: return "signed in"
        }
    }
}
