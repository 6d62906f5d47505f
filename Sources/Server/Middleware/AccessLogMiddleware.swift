import Hummingbird
import Logging

/// One structured log line per request: method, path, status and milliseconds. No header, query
/// string or body is logged, so nothing a client sends in them (a token, a signature) reaches the log.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "path": "\(LogText.escaped(request.uri.path))",
            "status": "\(response.status.code)",
            "ms": "\(milliseconds)",
        ])
        return response
    }
}
