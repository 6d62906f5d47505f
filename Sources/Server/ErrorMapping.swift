import GovernanceService
import Hummingbird
import Ledger

/// Today's error types mapped to HTTP statuses and codes, in one place. The codes are the server's
/// own (`SRV-…`) until the modules' errors carry stable codes of their own; this file is what
/// changes then.
enum ErrorMapping {
    /// The JSON error for `error`, and whether the server should log it as its own failure.
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let conflict as ChainConflict:
            return APIError(.conflict, code: "SRV-HEAD-MOVED", message: conflict.description,
                            remedy: "GET /head, build and sign the entries on it, and post them again")
        case let refusal as SignedLineRefusal:
            switch refusal.kind {
            case .malformed:
                return APIError(.unprocessableContent, code: "SRV-BAD-ENTRY", message: refusal.description,
                                remedy: "post the exact canonical lines `tierledger` builds, one per line")
            case .rules:
                return APIError(.forbidden, code: "SRV-REFUSED", message: refusal.description,
                                remedy: "the ledger's rules do not allow this entry by this key now; check the signer's roles and the request's state")
            }
        case let error as LedgerError:
            return ledger(error)
        case let error as ServiceError:
            return service(error)
        case let error as HTTPError:
            return http(error)
        default:
            return internalError
        }
    }

    /// What a client sees of a failure that is the server's own: nothing of its internals.
    static let internalError = APIError(.internalServerError, code: "SRV-INTERNAL", message: "the server failed to answer this request",
                                        remedy: "retry later; the server's log has the details")

    private static func ledger(_ error: LedgerError) -> APIError {
        switch error {
        case .locked:
            return .busy("another writer holds the ledger")
        case let .noSuchEntry(seq, count):
            return APIError(.notFound, code: "SRV-NO-ENTRY", message: "no entry \(seq): the ledger holds \(count) entries",
                            remedy: "GET /head for the ledger's size")
        case .invalidInput, .checkpoint:
            return APIError(.badRequest, code: "SRV-BAD-REQUEST", message: error.description, remedy: "see docs/server.md for the request's form")
        case .rejected, .rejectedInBatch:
            return APIError(.forbidden, code: "SRV-REFUSED", message: error.description,
                            remedy: "the ledger's rules do not allow this entry by this key now")
        case .timeAhead:
            return APIError(.unprocessableContent, code: "SRV-TIME-AHEAD", message: error.description,
                            remedy: "check the signing machine's clock, then build and sign again")
        case .io, .notALedger, .alreadyExists, .badConfig, .damaged, .keyFile:
            return internalError
        }
    }

    private static func service(_ error: ServiceError) -> APIError {
        switch error {
        case .noSuchRequest, .noSuchEmergency:
            return APIError(.notFound, code: "SRV-NO-REQUEST", message: error.description, remedy: "check the request id")
        case .noOpenStep:
            return APIError(.conflict, code: "SRV-NO-OPEN-STEP", message: error.description, remedy: "read the request's state again")
        case .noPolicy, .changeRefused:
            return APIError(.unprocessableContent, code: "SRV-CHANGE-REFUSED", message: error.description, remedy: "fix the change as the message says")
        }
    }

    private static func http(_ error: HTTPError) -> APIError {
        switch error.status {
        case .notFound:
            return .notFound("no such endpoint", remedy: "see docs/server.md (or docs/openapi.yaml) for the endpoints")
        case .methodNotAllowed:
            return APIError(.methodNotAllowed, code: "SRV-METHOD", message: "this endpoint does not take that method",
                            remedy: "see docs/openapi.yaml for the methods each endpoint takes")
        case .contentTooLarge:
            return APIError(.contentTooLarge, code: "SRV-TOO-LARGE", message: "the request body is over the server's limit",
                            remedy: "split the batch into smaller posts (docs/server.md lists the limits)")
        default:
            return APIError(error.status, code: "SRV-HTTP-\(error.status.code)", message: error.status.reasonPhrase,
                            remedy: "see docs/server.md")
        }
    }
}
