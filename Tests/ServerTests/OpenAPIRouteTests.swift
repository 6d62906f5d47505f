import Foundation
import GovernanceService
import Server
import Testing
import TestSupport
import Yams

/// docs/openapi.yaml describes exactly the routes the router has: none missing, none extra.
@Suite struct OpenAPIRouteTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let text = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/openapi.yaml", encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<Route.Key> = []
        var access: [Route.Key: String] = [:]
        for (path, item) in paths {
            let operations = try #require(item as? [String: Any])
            let routerPath = operations["x-router-path"] as? String ?? path
            for method in ["get", "post", "put", "delete", "patch", "head"] {
                guard let operation = operations[method] as? [String: Any] else { continue }
                let key = Route.Key(method: method.uppercased(), path: routerPath)
                documented.insert(key)
                access[key] = operation["x-access"] as? String
                // An operation that needs credentials says which; an open one names none.
                let security = operation["security"] as? [Any] ?? []
                #expect(security.isEmpty == (access[key] == "open"), "\(key): security and x-access disagree")
            }
        }
        let ledger = try ServedLedger(notes: 0)
        let served = LedgerServer.routes(service: ledger.service)
        let routes = Set(served.map { Route.Key(method: $0.method, path: $0.path) })
        #expect(routes.subtracting(documented).isEmpty, "routes missing from docs/openapi.yaml: \(routes.subtracting(documented))")
        #expect(documented.subtracting(routes).isEmpty, "documented routes the server lacks: \(documented.subtracting(routes))")
        for route in served {
            let key = Route.Key(method: route.method, path: route.path)
            #expect(access[key] == route.access.description, "\(key): docs/openapi.yaml says x-access \(access[key] ?? "nothing"), the router \(route.access)")
        }
        #expect(routes.count == 27)
    }
}

extension Route {
    struct Key: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method) \(path)" }
    }
}
