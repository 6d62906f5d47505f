/// Whose fault an error is, and so what a server answers and what a caller can do about it.
///
/// Every `ErrorCode` has exactly one class; docs/errors.md lists each code with its class and the
/// HTTP status a server maps the class to.
public enum ErrorClass: String, Sendable, CaseIterable {
    /// The caller's request or input is wrong (a body, a file, an argument): fix it and retry.
    case input
    /// The ledger moved on since the caller looked (another writer, a stale request version, a
    /// duplicate): read again and decide again.
    case conflict
    /// The signer or caller may not do this (role, key, separation of duties).
    case forbidden
    /// What the caller names does not exist (an entry, a request, a license, a ledger).
    case notFound = "not-found"
    /// The ledger, a checkpoint or a proof does not check out: the data is damaged or forged.
    case integrity
    /// Something outside the request is in the way (the writer lock, I/O, a database): retry later.
    case unavailable
    /// A fault in this program or its libraries; report it.
    case `internal`

    /// The HTTP status a server answers with for an error of this class.
    public var httpStatus: Int {
        switch self {
        case .input: return 422
        case .conflict: return 409
        case .forbidden: return 403
        case .notFound: return 404
        case .integrity: return 500
        case .unavailable: return 503
        case .internal: return 500
        }
    }
}
