import Hummingbird

/// The router, with a record of every route added to it: the one list that `docs/openapi.yaml`
/// is held to (`LedgerServer.routes`).
final class RouteBook {
    let router: Router<BasicRequestContext>
    private(set) var routes: [Route] = []

    init(router: Router<BasicRequestContext>) { self.router = router }

    func get(_ path: String, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        routes.append(Route(method: "GET", path: path))
        router.get(RouterPath(path), use: handler)
    }

    func post(_ path: String, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        routes.append(Route(method: "POST", path: path))
        router.post(RouterPath(path), use: handler)
    }
}

/// One route: its method and its path as the router matches it (`{name}` for a path parameter,
/// `**` for the rest of a path).
public struct Route: Sendable, Hashable, CustomStringConvertible {
    public let method: String
    public let path: String

    public var description: String { "\(method) \(path)" }
}
