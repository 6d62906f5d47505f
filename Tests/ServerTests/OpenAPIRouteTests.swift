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
        for (path, item) in paths {
            let operations = try #require(item as? [String: Any])
            let routerPath = operations["x-router-path"] as? String ?? path
            for method in ["get", "post", "put", "delete", "patch", "head"] where operations[method] != nil {
                documented.insert(Route.Key(method: method.uppercased(), path: routerPath))
            }
        }
        let served = try ServedLedger(notes: 0)
        let routes = Set(LedgerServer.routes(service: served.service).map { Route.Key(method: $0.method, path: $0.path) })
        #expect(routes.subtracting(documented).isEmpty, "routes missing from docs/openapi.yaml: \(routes.subtracting(documented))")
        #expect(documented.subtracting(routes).isEmpty, "documented routes the server lacks: \(documented.subtracting(routes))")
        #expect(routes.count == 10)
    }
}

extension Route {
    struct Key: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method) \(path)" }
    }
}
