import Governance
import LedgerCrypto

/// What a governed use-case refuses before anything reaches the ledger's rules: a request or change
/// that does not exist, a decision with nothing to decide, a change the policy cannot price or route.
public enum ServiceError: CodedError {
    /// No change request with this id.
    case noSuchRequest(String)
    /// No emergency change with this id.
    case noSuchEmergency(String)
    /// The request has no open step to approve.
    case noOpenStep(id: String, status: RequestStatus)
    /// No policy is in force yet.
    case noPolicy
    /// The change cannot be proposed or amended as given (a lifecycle rule, a missing parameter);
    /// `code` is the refusing rule's.
    case changeRefused(String, code: ErrorCode = .serviceChangeRefused)

    public var description: String {
        switch self {
        case let .noSuchRequest(id): return "no change request \(id); `tierledger change list` shows them"
        case let .noSuchEmergency(id): return "no emergency change \(id); `tierledger change list` shows them"
        case let .noOpenStep(id, status): return "\(id) has no open step (\(status))"
        case .noPolicy: return "no policy has been adopted; run `tierledger policy adopt DIR` first"
        case let .changeRefused(reason, _): return reason
        }
    }

    public var errorCode: ErrorCode {
        switch self {
        case .noSuchRequest: return .serviceNoSuchRequest
        case .noSuchEmergency: return .serviceNoSuchEmergency
        case .noOpenStep: return .serviceNoOpenStep
        case .noPolicy: return .serviceNoPolicy
        case let .changeRefused(_, code): return code
        }
    }
}
