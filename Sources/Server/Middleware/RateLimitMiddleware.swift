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

    /// The address without its port: one bucket per IPv4 host, and per IPv6 /64 (one host commonly
    /// holds a whole /64, so a bucket per address would be a bucket per request).
    static func key(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress else { return "unknown" }
        guard case .v6 = address else { return ip }
        var groups = ip.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), ip.contains("::") {
            let present = groups.filter { !$0.isEmpty }.count
            groups.replaceSubrange(gap...gap, with: Array(repeating: "0", count: max(0, 8 - present)))
            groups = groups.filter { !$0.isEmpty }
        }
        return "v6:" + groups.prefix(4).joined(separator: ":")
    }
}
