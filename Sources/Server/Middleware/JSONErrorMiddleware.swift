import Hummingbird
import Logging

/// Turns every error a route or the router throws into a JSON error (`ErrorMapping`), and logs the
/// server's own failures with their detail, which the client never sees.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = ErrorMapping.apiError(for: error)
            if mapped.status.code >= 500, mapped.code == ErrorMapping.internalError.code {
                context.logger.error("request failed", metadata: ["error": "\(LogText.escaped(String(describing: error)))"])
            }
            return mapped.response()
        }
    }
}
