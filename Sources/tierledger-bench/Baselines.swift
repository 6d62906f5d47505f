import BenchSupport
import Dispatch
import Foundation
import LedgerCrypto

/// The machine's own limits, one round at a time: Ed25519 signs on one core, Ed25519 verifications
/// on every core, and a 4 KiB write with fsync. Each round does a fixed amount of work, so that a
/// baseline round and the measured round beside it last about as long.
struct Baselines {
    let key: PrivateKey
    let cores: Int
    /// A message of entry size, and its signature.
    let message = [UInt8](repeating: 0x61, count: 320)
    let signature: [UInt8]
    /// Where the fsync probe writes.
    let probe: FileHandle

    init(key: PrivateKey, cores: Int, work: String) throws {
        self.key = key
        self.cores = cores
        signature = try key.signature(for: message)
        let path = work + "/fsync-probe"
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot create \(path)")
        }
        probe = handle
    }

    /// `count` signatures on this thread.
    func signRound(_ count: Int) throws -> Round {
        try Round.timed(units: count) {
            for _ in 0..<count { _ = try key.signature(for: message) }
        }
    }

    /// `count` verifications spread over every core, taken 64 at a time from a shared cursor (as the
    /// verifier's batches are), so that a core slowed by another process takes fewer of them.
    func verifyRound(_ count: Int) -> Round {
        let cursor = Cursor(limit: count, step: 64)
        let (publicKey, signature, message) = (key.publicKey, signature, message)
        return Round.timed(units: count) {
            DispatchQueue.concurrentPerform(iterations: cores) { _ in
                while let range = cursor.take() {
                    for _ in range { _ = publicKey.isValidSignature(signature, for: message) }
                }
            }
        }
    }

    /// `count` verifications on this thread.
    func verifyRoundOnOneCore(_ count: Int) -> Round {
        Round.timed(units: count) {
            for _ in 0..<count { _ = key.publicKey.isValidSignature(signature, for: message) }
        }
    }

    /// `count` writes of 4 KiB, each followed by fsync.
    func fsyncRound(_ count: Int) throws -> Round {
        let block = Data(repeating: 0x62, count: 4096)
        return try Round.timed(units: count) {
            for _ in 0..<count {
                probe.write(block)
                try probe.synchronize()
            }
        }
    }
}

/// Hands out `0..<limit` in steps, to whichever thread asks first.
final class Cursor: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let limit: Int
    private let step: Int

    init(limit: Int, step: Int) {
        self.limit = limit
        self.step = step
    }

    func take() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        let start = next
        next = min(limit, next + step)
        return start..<next
    }
}
