#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A full check of the node cache against the entries, run by `verify` alongside its own pass:
/// level 0 must hold exactly the leaf hashes of the entries, in order, and every node above must be
/// the hash of its two children. Reads each level once, in chunks, in bounded memory.
final class MerkleCacheAudit {
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
        guard let stored = levelZero?.next() else {
            firstMismatch = "the cache has \(checked) leaves, fewer than the entries"
            return
        }
        if stored != leaf { firstMismatch = "leaf \(checked) does not match entry \(checked)" }
    }

    /// After every leaf was fed: true when the whole cache is exactly what the entries give.
    func finish() -> Bool {
        guard firstMismatch == nil, let levelZero, levelZero.count == checked else { return false }
        var below = checked
        var level = 1
        while below >= 2 {
            guard let lower = try? ChunkedNodes(MerkleNodeCache.path(directory, level: level - 1)),
                  let upper = try? ChunkedNodes(MerkleNodeCache.path(directory, level: level)),
                  upper.count == below / 2
            else { return false }
            for _ in 0..<(below / 2) {
                guard let left = lower.next(), let right = lower.next(), let parent = upper.next(),
                      parent == MerkleHash.node(left, right)
                else { return false }
            }
            below /= 2
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
