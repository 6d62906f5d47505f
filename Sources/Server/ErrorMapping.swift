import GovernanceService
import Hummingbird
import Ledger
import LedgerCrypto

/// Errors mapped to the JSON answer, in one place: every module's error carries its stable code
/// and class (docs/errors.md), which give the code and the status; the server's own failures
/// have `SRV-…` codes.
enum ErrorMapping {
    /// The JSON error for `error`, and whether the server should log it as its own failure. An error
    /// with a stable code (docs/errors.md) is answered with that code and its class's status;
    /// failures that are the server's own never show their internals.
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            return http(error)
        case let conflict as ChainConflict:
            return APIError(code: conflict.errorCode, message: conflict.description,
                            remedy: "GET /head, build and sign the entries on it, and post them again")
        case LedgerError.locked:
            return .busy("another writer holds the ledger")
        case let error as any CodedError:
            switch error.errorCode.errorClass {
            case .internal, .integrity:
                return internalError
            case .unavailable:
                // Its message may name the server's files: the log has it, the answer does not.
                return APIError(code: error.errorCode, message: "the store is unavailable for now", retryAfter: 1)
            case .input, .conflict, .forbidden, .notFound:
                return APIError(code: error.errorCode, message: error.description)
            }
        default:
            return internalError
        }
    }

    /// What a client sees of a failure that is the server's own: nothing of its internals.
    static let internalError = APIError(code: .serverInternal, message: "the server failed to answer this request")

    private static func http(_ error: HTTPError) -> APIError {
        switch error.status {
        case .notFound:
            return .notFound("no such endpoint", remedy: "see docs/server.md (or docs/openapi.yaml) for the endpoints")
        case .methodNotAllowed:
            return APIError(code: .serverMethod, message: "this endpoint does not take that method",
                            remedy: "see docs/openapi.yaml for the methods each endpoint takes")
        case .contentTooLarge:
            return APIError(code: .serverTooLarge, message: "the request body is over the server's limit",
                            remedy: "split the batch into smaller posts (docs/server.md lists the limits)")
        default:
            return APIError(error.status, code: .serverHTTP, message: error.status.reasonPhrase,
                            remedy: "see docs/server.md")
        }
    }
}
