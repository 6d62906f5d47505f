import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ledger
import Testing

/// Liveness, readiness, metrics, and JSON errors for what does not exist.
@Suite struct HealthTests {
    @Test func healthReadinessAndMetricsAnswer() async throws {
        let served = try ServedLedger()
        try await served.start()
        try await served.waitUntilReady()
        let health = try await HTTP.get(served.base + "/healthz")
        #expect(health.status == 200)
        #expect(health.text == "{\"status\":\"ok\"}\n")
        let ready = try await HTTP.get(served.base + "/readyz")
        #expect(ready.text == "{\"status\":\"ready\"}\n")
        let metrics = try await HTTP.get(served.base + "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains("hb_requests") || metrics.text.contains("hb.requests") || metrics.text.contains("http_server"))
        await served.stop()
    }

    @Test func anUnknownPathIsAJSONError() async throws {
        let served = try ServedLedger()
        try await served.start()
        let reply = try await HTTP.get(served.base + "/no/such/thing")
        #expect(reply.status == 404)
        #expect(reply.header("Content-Type") == "application/json")
        let document = try JSONParser.parse(reply.body)
        #expect(document["code"]?.stringValue == "SRV-003")
        #expect(document["message"]?.stringValue?.isEmpty == false)
        #expect(document["remedy"]?.stringValue?.isEmpty == false)
        await served.stop()
    }

    @Test func aMethodAnEndpointDoesNotTakeIs405WithAllow() async throws {
        let served = try ServedLedger()
        try await served.start()
        for (method, path, allow) in [("DELETE", "/checkpoint", "GET, HEAD"), ("PUT", "/entries", "GET, HEAD, POST"),
                                      ("POST", "/licenses/ACME-1/usage", "GET, HEAD"), ("TRACE", "/tile/0/000", "GET, HEAD")] {
            var request = URLRequest(url: try #require(URL(string: served.base + path)))
            request.httpMethod = method
            let (data, response) = try await HTTP.session.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 405, "\(method) \(path)")
            #expect(http.value(forHTTPHeaderField: "Allow") == allow, "\(method) \(path)")
            #expect(try JSONParser.parse([UInt8](data))["code"]?.stringValue == "SRV-010")
        }
        #expect(try await HTTP.get(served.base + "/no/such/thing").status == 404)
        await served.stop()
    }
}
