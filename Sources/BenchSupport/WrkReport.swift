/// What one run of `wrk --latency` printed: the requests it completed, over how long, its p50 and p99
/// latency, and the answers that were not 2xx or 3xx and the socket errors it saw (a benchmark counts
/// a run only when both are zero: a fast error is not a fast answer).
public struct WrkReport: Sendable, Equatable {
    public let requests: Double
    public let seconds: Double
    /// Latency percentiles, in seconds.
    public let p50: Double
    public let p99: Double
    public let failedResponses: Int
    public let socketErrors: Int

    public init(requests: Double, seconds: Double, p50: Double, p99: Double, failedResponses: Int, socketErrors: Int) {
        self.requests = requests
        self.seconds = seconds
        self.p50 = p50
        self.p99 = p99
        self.failedResponses = failedResponses
        self.socketErrors = socketErrors
    }

    /// Reads wrk 4's report; nil when a line it needs is missing or malformed (wrk failed, or printed
    /// something else).
    public static func parse(_ text: String) -> WrkReport? {
        var requests: Double?, seconds: Double?, p50: Double?, p99: Double?
        var failed = 0, socket = 0
        for raw in text.split(separator: "\n") {
            let words = raw.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first else { continue }
            if words.count >= 4, words[1] == "requests", words[2] == "in" {
                // "12201 requests in 1.02s, 98.29MB read"
                requests = Double(first)
                seconds = duration(String(words[3].trimmingSuffix(",")))
            } else if words.count == 2, first == "50%" {
                p50 = duration(String(words[1]))
            } else if words.count == 2, first == "99%" {
                p99 = duration(String(words[1]))
            } else if raw.contains("Non-2xx or 3xx responses:"), let last = words.last {
                failed = Int(last) ?? 0
            } else if first == "Socket", raw.contains("errors:") {
                // "Socket errors: connect 0, read 3, write 0, timeout 2"
                socket = words.compactMap { Int($0.trimmingSuffix(",")) }.reduce(0, +)
            }
        }
        guard let requests, let seconds, seconds > 0, let p50, let p99 else { return nil }
        return WrkReport(requests: requests, seconds: seconds, p50: p50, p99: p99, failedResponses: failed, socketErrors: socket)
    }

    /// "434.00us", "3.06ms", "1.02s", "1.50m" in seconds.
    static func duration(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0), ("m", 60.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
