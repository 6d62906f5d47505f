import Metrics
import Prometheus

/// The process's metrics: swift-metrics bootstrapped once with a Prometheus registry, which
/// `GET /metrics` renders in the Prometheus text format.
enum ServerMetrics {
    /// The registry every metric of the process reports to (bootstrapped on first use).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Entries appended through `POST /entries`.
    static let appended = Metrics.Counter(label: "tierledger_entries_appended_total")
    /// Signed-entry posts refused, by why (`status`).
    static func refused(status: Int) -> Metrics.Counter {
        Metrics.Counter(label: "tierledger_entry_posts_refused_total", dimensions: [("status", String(status))])
    }
    /// Store calls refused because the store pool was full.
    static let busy = Metrics.Counter(label: "tierledger_store_busy_total")
    /// Requests answered 429, by the limit that refused them (`address` or `credential`).
    static func rateLimited(scope: String) -> Metrics.Counter {
        Metrics.Counter(label: "tierledger_rate_limited_total", dimensions: [("scope", scope)])
    }
}
