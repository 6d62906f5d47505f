import Foundation
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
}
