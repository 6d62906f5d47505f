import Hummingbird
import NIOConcurrencyHelpers

/// A request for a path the server has, with a method it does not take there, answers
/// `405 SRV-010` with `Allow` naming the methods it does take (HEAD wherever GET is), rather than
/// the router's 404.
struct MethodMiddleware: RouterMiddleware {
    /// Every route, filled in once they are all registered.
    let routes: NIOLockedValueBox<[Route]>

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        // Only a request the router found nothing for is matched against the routes: the hot path pays nothing.
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let methods = Set(routes.withLockedValue { $0 }.filter { $0.matches(path) }.map(\.method))
            let method = request.method.rawValue
            guard !methods.isEmpty, !methods.contains(method), !(method == "HEAD" && methods.contains("GET")) else { throw error }
            var allowed = methods
            if methods.contains("GET") { allowed.insert("HEAD") }
            var response = APIError(code: .serverMethod, message: "\(path) does not take \(method); it takes \(allowed.sorted().joined(separator: ", "))",
                                    remedy: "see docs/openapi.yaml for the methods each endpoint takes").response()
            response.headers[.allow] = allowed.sorted().joined(separator: ", ")
            return response
        }
    }
}

extension Route {
    /// True when `path` is one this route's template matches: `{name}` is one segment, `**` the
    /// rest (one segment or more).
    func matches(_ path: String) -> Bool {
        let template = self.path.split(separator: "/", omittingEmptySubsequences: true)
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for (index, part) in template.enumerated() {
            if part == "**" { return segments.count > index }
            guard index < segments.count else { return false }
            if part.hasPrefix("{") && part.hasSuffix("}") { continue }
            guard part == segments[index] else { return false }
        }
        return template.count == segments.count
    }
}
