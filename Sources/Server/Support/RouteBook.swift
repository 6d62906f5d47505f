import Hummingbird

/// The router, with a record of every route added to it and who may call it: the one list that
/// `docs/openapi.yaml` and the authorisation matrix test are held to (`LedgerServer.routes`).
final class RouteBook {
    let router: Router<ServerContext>
    let gate: Gate
    private(set) var routes: [Route] = []
    /// The portal's pages (`/portal/…`), which answer HTML and are not in docs/openapi.yaml.
    var portalRoutes: [Route] = []

    init(router: Router<ServerContext>, gate: Gate) {
        self.router = router
        self.gate = gate
    }

    /// An open route: no credentials are read.
    func get(_ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
        routes.append(Route(method: "GET", path: path, access: .open))
        router.get(RouterPath(path), use: handler)
    }

    /// A guarded route: the handler runs only once the gate admits the caller under `access`.
    func get(_ path: String, access: Access, _ handler: @escaping @Sendable (Request, ServerContext, Grant) async throws -> Response) {
        routes.append(Route(method: "GET", path: path, access: access))
        let gate = self.gate
        router.get(RouterPath(path)) { request, context in
            let grant = try await gate.admit(request, access)
            return try await handler(request, context, grant)
        }
    }

    /// A guarded route of any method.
    func on(_ method: HTTPRequest.Method, _ path: String, access: Access,
            _ handler: @escaping @Sendable (Request, ServerContext, Grant) async throws -> Response) {
        routes.append(Route(method: method.rawValue, path: path, access: access))
        let gate = self.gate
        router.on(RouterPath(path), method: method) { request, context in
            let grant = try await gate.admit(request, access)
            return try await handler(request, context, grant)
        }
    }

    /// A post whose authority comes from what it carries (signed entries), not from credentials.
    func post(_ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
        routes.append(Route(method: "POST", path: path, access: .open))
        router.post(RouterPath(path), use: handler)
    }
}

/// One route: its method, its path as the router matches it (`{name}` for a path parameter, `**`
/// for the rest of a path), and who may call it.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    public let method: String
    public let path: String
    public let access: Access

    public var description: String { "\(method) \(path)" }

    public static func == (a: Route, b: Route) -> Bool { a.method == b.method && a.path == b.path }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
    }
}
