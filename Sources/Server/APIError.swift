import Hummingbird
import Ledger

/// Every failure the server answers with: a JSON body `{"code", "message", "remedy"}` and a status
/// that says whose fault it is (4xx the request's, 5xx the server's).
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A stable code a client can switch on.
    public let code: String
    /// What went wrong.
    public let message: String
    /// What to do next.
    public let remedy: String
    /// Seconds after which a retry may succeed (503), sent as `Retry-After`.
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, code: String, message: String, remedy: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.remedy = remedy
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The error's JSON document.
    public var json: JSONValue {
        .object(["code": .string(code), "message": .string(message), "remedy": .string(remedy)])
    }

    /// A query parameter or path element that cannot be used.
    static func badRequest(_ message: String, remedy: String = "see docs/server.md for the request's form") -> APIError {
        APIError(.badRequest, code: "SRV-BAD-REQUEST", message: message, remedy: remedy)
    }

    /// The store pool is full, or another process holds the writer.
    static func busy(_ message: String) -> APIError {
        APIError(.serviceUnavailable, code: "SRV-BUSY", message: message, remedy: "retry after the number of seconds in Retry-After", retryAfter: 1)
    }

    /// Nothing at this address.
    static func notFound(_ message: String, remedy: String) -> APIError {
        APIError(.notFound, code: "SRV-NOT-FOUND", message: message, remedy: remedy)
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
