import Hummingbird
import Ledger

/// `/healthz` (the process answers), `/readyz` (the store is open and replayed) and `/metrics`.
struct HealthRoutes {
    let readiness: Readiness

    func register(on book: RouteBook) {
        book.get("/healthz") { _, _ in
            JSONResponse.make(.object(["status": .string("ok")]))
        }
        book.get("/readyz") { _, _ in
            switch readiness.state {
            case .ready:
                return JSONResponse.make(.object(["status": .string("ready")]))
            case .replaying:
                return APIError(code: .serverNotReady, message: "the governance state is still being replayed from the store",
                                remedy: "retry shortly", retryAfter: 1).response()
            case let .failed(reason):
                return APIError(code: .serverNotReady, message: "the store could not be replayed: \(reason)",
                                remedy: "run `tierledger verify` on the ledger and restart the server").response()
            }
        }
        book.get("/metrics") { _, _ in
            JSONResponse.bytesResponse(ServerMetrics.registry.emitToBuffer(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
