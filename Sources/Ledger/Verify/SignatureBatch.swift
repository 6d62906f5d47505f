import Foundation
import LedgerCrypto

/// A signature check waiting for a worker.
struct SignatureJob: Sendable {
    let seq: Int64
    let offset: Int
    let key: PublicKey
    let message: [UInt8]
    let signature: [UInt8]
}

/// One batch of signature checks, started on helper threads when it is made and joined by the
/// thread that made it once that thread has read and chained the next batch (`ChunkedWork`).
/// The earliest failing job always wins: a chunk is skipped only when it starts after a failure
/// already found.
struct SignatureBatch {
    /// Jobs taken at a time: small enough that the last chunk costs under a millisecond.
    static let chunk = 8

    private let jobs: [SignatureJob]
    private let earliest = EarliestIndex()
    private let work: ChunkedWork

    /// Starts checking `jobs` on `lanes - 1` helper threads; the caller is the last lane, in `finish()`.
    init(_ jobs: [SignatureJob], lanes: Int) {
        self.jobs = jobs
        let earliest = earliest
        work = ChunkedWork(count: jobs.count, chunk: Self.chunk, lanes: lanes) { range in
            for i in range where !jobs[i].key.isValidSignature(jobs[i].signature, for: jobs[i].message) {
                earliest.offer(i)
                return i
            }
            return nil
        }
    }

    /// Joins in until no chunk is left, waits for the helpers, and returns the earliest failing job.
    func finish() -> SignatureJob? {
        work.finish()
        return earliest.value.map { jobs[$0] }
    }
}

/// The smallest index offered by any thread.
private final class EarliestIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var earliest: Int?

    func offer(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        if earliest.map({ index < $0 }) ?? true { earliest = index }
    }

    var value: Int? {
        lock.lock()
        defer { lock.unlock() }
        return earliest
    }
}
