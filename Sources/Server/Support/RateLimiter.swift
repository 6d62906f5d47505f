import Foundation
import NIOConcurrencyHelpers

/// Token buckets by key (an address, a token id, a key id): each key may spend `burst` requests at
/// once and earns `perSecond` back every second. A key over its budget is told how many seconds
/// until one request is allowed again. Buckets that have refilled are forgotten once the table
/// holds `maxKeys`, so a flood of addresses cannot grow it without bound.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let perSecond: Double
    let burst: Double
    private let maxKeys: Int
    private let buckets = NIOLockedValueBox([String: Bucket]())

    /// `perSecond` 0 turns the limit off.
    init(perSecond: Int, burst: Int, maxKeys: Int = 100_000) {
        self.perSecond = Double(perSecond)
        self.burst = Double(max(burst, 1))
        self.maxKeys = maxKeys
    }

    var isOff: Bool { perSecond <= 0 }

    /// nil when `key` may proceed now (and spends one request); otherwise the seconds to wait.
    func wait(for key: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Int? {
        guard !isOff else { return nil }
        return buckets.withLockedValue { table -> Int? in
            var bucket = table[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            defer {
                if table.count >= maxKeys, table[key] == nil { forgetFull(&table, now: now) }
                table[key] = bucket
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    private func forgetFull(_ table: inout [String: Bucket], now: Double) {
        table = table.filter { _, bucket in bucket.tokens + (now - bucket.updated) * perSecond < burst }
        if table.count >= maxKeys { table.removeAll(keepingCapacity: true) }
    }
}
