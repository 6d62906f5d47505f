#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A full check of the node cache against the entries, run by `verify` alongside its own pass:
/// every leaf the cache holds must be the leaf hash of that entry, in order, and every node above
/// must be the hash of its two children. A cache that holds fewer leaves than the ledger has is
/// lagging (a writer extends it after each durable append), not wrong. Reads each level once, in
/// chunks, in bounded memory.
final class MerkleCacheAudit: TreeCacheAudit {
    private let directory: String
    private var levelZero: ChunkedNodes?
    private var checked = 0
    private(set) var firstMismatch: String?

    init(directory: String) {
        self.directory = directory
        levelZero = try? ChunkedNodes(MerkleNodeCache.path(directory, level: 0))
    }

    /// Compares leaf `index` (fed in order from 0) with the cache.
    func check(leaf: Digest) {
        defer { checked += 1 }
        guard firstMismatch == nil else { return }
        guard let levelZero, checked < levelZero.count else { return }
        guard let stored = levelZero.next() else {
            firstMismatch = "leaf \(checked) could not be read"
            return
        }
        if stored != leaf { firstMismatch = "leaf \(checked) does not match entry \(checked)" }
    }

    /// After every leaf was fed: true when the cache holds nothing but what the entries give.
    func finish() -> Bool {
        guard firstMismatch == nil else { return false }
        guard let levelZero else { return true }   // no cache yet: nothing wrong in it
        guard levelZero.count <= checked else {
            firstMismatch = "the cache has \(levelZero.count) leaves but the ledger \(checked) entries"
            return false
        }
        var below = levelZero.count
        var level = 1
        while below >= 2 {
            guard let lower = try? ChunkedNodes(MerkleNodeCache.path(directory, level: level - 1)) else { return false }
            guard let upper = try? ChunkedNodes(MerkleNodeCache.path(directory, level: level)) else { return true }  // lagging
            guard upper.count <= below / 2 else { return false }
            for _ in 0..<upper.count {
                guard let left = lower.next(), let right = lower.next(), let parent = upper.next(),
                      parent == MerkleHash.node(left, right)
                else { return false }
            }
            below = upper.count
            level += 1
        }
        return true
    }
}

/// Reads a level file's 32-byte nodes in order, a megabyte at a time.
private final class ChunkedNodes {
    private let file: FileDescriptor
    let count: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var fileOffset = 0

    init(_ path: String) throws {
        file = try FileDescriptor.open(path, O_RDONLY)
        count = try file.size() / 32
    }

    func next() -> Digest? {
        if position + 32 > buffer.count {
            guard fileOffset < count * 32,
                  let chunk = try? file.read(at: fileOffset, count: min(1 << 20, count * 32 - fileOffset)), !chunk.isEmpty
            else { return nil }
            fileOffset += chunk.count
            buffer = chunk
            position = 0
        }
        defer { position += 32 }
        return Digest(bytes: Array(buffer[position..<(position + 32)]))
    }
}
