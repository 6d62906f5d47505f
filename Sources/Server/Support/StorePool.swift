import NIOConcurrencyHelpers
import NIOPosix

/// The one bounded thread pool that runs every store and governance call: the store is
/// synchronous by design (docs/architecture.md), so its calls never run on an event loop or the
/// cooperative pool. Calls beyond `maxQueued` (running or waiting) are refused as busy at once
/// instead of piling up.
final class StorePool: Sendable {
    private let pool: NIOThreadPool
    private let maxQueued: Int
    private let queued = NIOLockedValueBox(0)

    init(threads: Int, maxQueued: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        self.maxQueued = max(1, maxQueued)
    }

    func start() { pool.start() }

    func shutdown() async throws { try await pool.shutdownGracefully() }

    /// Runs `body` on the pool; throws `APIError.busy` when the pool is full.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = queued.withLockedValue { count -> Bool in
            guard count < maxQueued else { return false }
            count += 1
            return true
        }
        guard admitted else {
            ServerMetrics.busy.increment()
            throw APIError.busy("the server's store queue is full (\(maxQueued) calls)")
        }
        defer { queued.withLockedValue { $0 -= 1 } }
        return try await pool.runIfActive(body)
    }
}
