import Hummingbird
import NIOCore

/// The per-address limit: every request, before anything else is done for it, spends from its
/// peer address's bucket; over the budget it is answered 429 with `Retry-After`.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        if let wait = limiter.wait(for: RateLimitMiddleware.key(context.remoteAddress)) {
            ServerMetrics.rateLimited(scope: "address").increment()
            throw APIError(code: .serverRateLimited, message: "too many requests from this address", retryAfter: wait)
        }
        return try await next(request, context)
    }

    /// The address without its port: one bucket per host.
    static func key(_ address: SocketAddress?) -> String {
        address?.ipAddress ?? "unknown"
    }
}
