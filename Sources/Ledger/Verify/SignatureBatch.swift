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

/// Checks a batch of signatures on every core and returns the earliest failing job, if any.
enum SignatureBatch {
    static func firstFailure(in jobs: [SignatureJob], workers: Int) -> SignatureJob? {
        guard !jobs.isEmpty else { return nil }
        let result = EarliestIndex()
        let lanes = max(1, min(workers, jobs.count))
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var i = lane
            while i < jobs.count {
                let job = jobs[i]
                if !job.key.isValidSignature(job.signature, for: job.message) {
                    result.offer(i)
                    return
                }
                i += lanes
            }
        }
        return result.value.map { jobs[$0] }
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
