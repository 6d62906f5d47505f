import Dispatch
import Testing
@testable import Server

/// The store pool refuses at once, as busy, when its queue is full, instead of piling calls up.
@Suite struct StorePoolTests {
    @Test func aFullPoolRefusesWithBusy() async throws {
        let pool = StorePool(threads: 1, maxQueued: 1)
        pool.start()
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let first = Task {
            try await pool.run { () -> Int in
                started.signal()
                release.wait()
                return 1
            }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                started.wait()
                continuation.resume()
            }
        }
        do {
            _ = try await pool.run { 2 }
            Issue.record("a second call ran while the queue was full")
        } catch let error as APIError {
            #expect(error.status.code == 503)
            #expect(error.code == "SRV-002")
            #expect(error.retryAfter == 1)
        }
        release.signal()
        #expect(try await first.value == 1)
        #expect(try await pool.run { 3 } == 3)
        try await pool.shutdown()
    }
}
