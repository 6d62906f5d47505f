import Hummingbird
import Ledger
import LedgerCrypto

/// Every failure the server answers with: a JSON body `{"code", "message", "remedy"}` (the code is
/// the stable one of docs/errors.md) and a status that says whose fault it is (4xx the request's,
/// 5xx the server's).
public struct APIError: CodedError, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let errorCode: ErrorCode
    /// What went wrong.
    public let message: String
    /// What to do next.
    public let remedy: String
    /// Seconds after which a retry may succeed (503), sent as `Retry-After`.
    public var retryAfter: Int?

    /// An error with `code`, answered with the code's HTTP status unless `status` says otherwise.
    public init(_ status: HTTPResponse.Status? = nil, code: ErrorCode, message: String, remedy: String? = nil, retryAfter: Int? = nil) {
        self.status = status ?? HTTPResponse.Status(code: code.httpStatus)
        self.errorCode = code
        self.message = message
        self.remedy = remedy ?? code.remedy
        self.retryAfter = retryAfter
    }

    /// The stable code a client switches on.
    public var code: String { errorCode.id }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The error's JSON document.
    public var json: JSONValue {
        .object(["code": .string(code), "message": .string(message), "remedy": .string(remedy)])
    }

    /// A query parameter or path element that cannot be used.
    static func badRequest(_ message: String, remedy: String = "see docs/server.md for the request's form") -> APIError {
        APIError(code: .serverBadRequest, message: message, remedy: remedy)
    }

    /// The store pool is full, or another process holds the writer.
    static func busy(_ message: String) -> APIError {
        APIError(code: .serverBusy, message: message, remedy: "retry after the number of seconds in Retry-After", retryAfter: 1)
    }

    /// Nothing at this address.
    static func notFound(_ message: String, remedy: String) -> APIError {
        APIError(code: .serverNotFound, message: message, remedy: remedy)
    }
}

extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The response carrying this error.
    func response() -> Response {
        var response = JSONResponse.make(json, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
