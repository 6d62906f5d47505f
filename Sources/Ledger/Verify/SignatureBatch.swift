import Dispatch
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

/// One batch of signature checks, shared by helper threads and the thread that hands it out.
///
/// Jobs are taken in small chunks from a shared cursor, so every thread stays busy until the batch
/// is nearly done, whatever else competes for its core. The thread that starts a batch goes on
/// reading and chaining the next one, then joins in (`finish()`): with `lanes` threads in all (that
/// thread included) no core is oversubscribed, and the reading thread's work fills the gaps instead
/// of preempting a signature check. The earliest failing job always wins: a chunk is skipped only
/// when it starts after a failure already found.
final class SignatureBatch: @unchecked Sendable {
    /// Jobs taken at a time: small enough that the last chunk costs under a millisecond.
    static let chunk = 8

    private let jobs: [SignatureJob]
    private let lock = NSLock()
    private var cursor = 0
    private var earliest: Int?
    private let helpers = DispatchGroup()

    /// Starts checking `jobs` on `lanes - 1` helper threads; the caller is the last lane, in `finish()`.
    init(_ jobs: [SignatureJob], lanes: Int) {
        self.jobs = jobs
        let extra = max(0, min(lanes, (jobs.count + Self.chunk - 1) / Self.chunk) - 1)
        for _ in 0..<extra {
            helpers.enter()
            DispatchQueue.global().async { [self] in
                work()
                helpers.leave()
            }
        }
    }

    /// Joins in until no chunk is left, waits for the helpers, and returns the earliest failing job.
    func finish() -> SignatureJob? {
        work()
        helpers.wait()
        lock.lock()
        defer { lock.unlock() }
        return earliest.map { jobs[$0] }
    }

    /// Checks chunks until none is left, or none could hold a failure earlier than one found.
    private func work() {
        while let range = take() {
            for i in range where !jobs[i].key.isValidSignature(jobs[i].signature, for: jobs[i].message) {
                offer(i)
                break
            }
        }
    }

    private func take() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard cursor < jobs.count, earliest.map({ cursor < $0 }) ?? true else { return nil }
        let start = cursor
        cursor = min(jobs.count, cursor + Self.chunk)
        return start..<cursor
    }

    private func offer(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        if earliest.map({ index < $0 }) ?? true { earliest = index }
    }
}
