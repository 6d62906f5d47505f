#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `merkle/level-NN.bin`: the hashes of every perfect subtree, 32 bytes each, level 0 (the leaf
/// hashes) first, so that a root or proof over n entries reads O(log n) nodes.
///
/// It is a cache and is never trusted blindly: before use its level sizes are checked against one
/// another and its leaves against the entries (the last one and a spread of others); anything
/// that does not fit is rebuilt from `entries.jsonl` (by a writer) or bypassed (by a reader, which
/// then computes from the entries). Only the writer, under the lock, changes it, after the entries
/// it covers are durable. Nodes the cache lacks are computed from their children, down to the
/// leaves, which come from the entries.
final class MerkleNodeCache: CountingNodeSource {
    private let directory: String
    private let writable: Bool
    private var files: [Int: FileDescriptor] = [:]
    /// Trusted node count per level.
    private var counts: [Int] = []
    /// Leaves of the tree: the number of entries.
    let leafCount: Int
    /// Reads leaf hashes the cache does not hold.
    private let leafHash: (Int) throws -> Digest
    /// False when the stored cache failed its checks on open (and is being bypassed or was reset).
    private(set) var passedChecks = true
    /// Nodes read from the cache files so far (the checks on open included).
    private(set) var nodeReads = 0

    /// Opens the cache for a ledger of `leafCount` entries. A writer repairs and extends it; a reader
    /// only reads what checks out.
    init(directory: String, leafCount: Int, writable: Bool, leafHash: @escaping (Int) throws -> Digest) throws {
        self.directory = directory
        self.leafCount = leafCount
        self.writable = writable
        self.leafHash = leafHash
        if writable, mkdir(directory, 0o750) != 0, errno != EEXIST {
            throw LedgerError.io(path: directory, operation: "mkdir", errno: errno)
        }
        counts = try loadCounts()
        // A check that cannot read the cache (a writer is rebuilding it under a reader, or a crash left
        // it short) fails like a mismatch: readers bypass the cache, writers rebuild it.
        if (try? leavesMatchEntries()) != true {
            passedChecks = false
            counts = []
            if writable { try truncateAll() }
        }
        if writable {
            try repairUpperLevels()
            if counts.first ?? 0 < leafCount {
                let from = counts.first ?? 0
                try append((from..<leafCount).map { try leafHash($0) })
            }
        }
    }

    static func path(_ directory: String, level: Int) -> String {
        directory + "/level-" + (level < 10 ? "0" : "") + String(level) + ".bin"
    }

    // MARK: MerkleNodeSource

    func perfectNode(level: Int, index: Int) throws -> Digest {
        // A cached node that cannot be read (the cache is being rebuilt under a reader) is computed instead.
        if level < counts.count, index < counts[level], let cached = try? read(level: level, index: index) { return cached }
        if level == 0 { return try leafHash(index) }
        return MerkleHash.node(try perfectNode(level: level - 1, index: 2 * index),
                               try perfectNode(level: level - 1, index: 2 * index + 1))
    }

    /// One read where the cache holds every node of the range; node by node otherwise.
    func nodeBytes(level: Int, range: Range<Int>) throws -> [UInt8] {
        if level < counts.count, range.lowerBound >= 0, range.upperBound <= counts[level],
           let bytes = try? handle(level).read(at: range.lowerBound * 32, count: range.count * 32), bytes.count == range.count * 32 {
            nodeReads += range.count
            return bytes
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 * range.count)
        for index in range { bytes += try perfectNode(level: level, index: index).bytes }
        return bytes
    }

    /// Leaves the cache holds (the rest come from the entries).
    var cachedLeaves: Int { counts.first ?? 0 }

    // MARK: Writing (writer only)

    /// Appends leaf hashes and every perfect node they complete.
    func append(_ leaves: [Digest]) throws {
        guard writable, !leaves.isEmpty else { return }
        var pending: [[Digest]] = []
        func node(_ level: Int, _ index: Int) throws -> Digest {
            let stored = level < counts.count ? counts[level] : 0
            if index < stored { return try read(level: level, index: index) }
            return pending[level][index - stored]
        }
        for leaf in leaves {
            var level = 0
            var value = leaf
            while true {
                while pending.count <= level { pending.append([]) }
                let index = (level < counts.count ? counts[level] : 0) + pending[level].count
                pending[level].append(value)
                guard index % 2 == 1 else { break }
                value = MerkleHash.node(try node(level, index - 1), value)
                level += 1
            }
        }
        for (level, nodes) in pending.enumerated() where !nodes.isEmpty {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(nodes.count * 32)
            for n in nodes { bytes.append(contentsOf: n.bytes) }
            let file = try handle(level)
            _ = lseek(file.fd, off_t((level < counts.count ? counts[level] : 0) * 32), SEEK_SET)
            try file.writeAll(bytes)
            while counts.count <= level { counts.append(0) }
            counts[level] += nodes.count
        }
    }

    // MARK: Checks

    /// Level sizes as stored, cut to what is consistent: level L+1 holds at most half of level L.
    private func loadCounts() throws -> [Int] {
        var result: [Int] = []
        var level = 0
        while true {
            var info = stat()
            guard stat(MerkleNodeCache.path(directory, level: level), &info) == 0 else { break }
            var count = Int(info.st_size) / 32
            if level == 0 { count = min(count, leafCount) } else { count = min(count, result[level - 1] / 2) }
            if count == 0 { break }
            result.append(count)
            level += 1
        }
        return result
    }

    /// The last cached leaf and a spread of others must equal the hashes of those entries' lines.
    private func leavesMatchEntries() throws -> Bool {
        guard let cached = counts.first, cached > 0 else { return true }
        var samples: Set<Int> = [0, cached - 1]
        var step = max(1, cached / 8)
        if step > 1 { step |= 1 }
        var i = step
        while i < cached, samples.count < 10 { samples.insert(i); i += step }
        for index in samples where try read(level: 0, index: index) != leafHash(index) { return false }
        // Upper levels: the last node of each level must equal its children.
        for level in 1..<max(1, counts.count) {
            let last = counts[level] - 1
            let expected = MerkleHash.node(try read(level: level - 1, index: 2 * last), try read(level: level - 1, index: 2 * last + 1))
            if try read(level: level, index: last) != expected { return false }
        }
        return true
    }

    /// After a crash the upper levels may lag the leaves; compute what they miss.
    private func repairUpperLevels() throws {
        var level = 1
        while level - 1 < counts.count, counts[level - 1] >= 2 {
            let have = level < counts.count ? counts[level] : 0
            let want = counts[level - 1] / 2
            if have < want {
                var bytes: [UInt8] = []
                for index in have..<want {
                    let n = MerkleHash.node(try read(level: level - 1, index: 2 * index), try read(level: level - 1, index: 2 * index + 1))
                    bytes.append(contentsOf: n.bytes)
                }
                let file = try handle(level)
                _ = lseek(file.fd, off_t(have * 32), SEEK_SET)
                try file.writeAll(bytes)
                while counts.count <= level { counts.append(0) }
                counts[level] = want
            }
            level += 1
        }
    }

    private func truncateAll() throws {
        var level = 0
        while access(MerkleNodeCache.path(directory, level: level), F_OK) == 0 {
            try handle(level).truncate(to: 0)
            level += 1
        }
    }

    // MARK: Files

    private func handle(_ level: Int) throws -> FileDescriptor {
        if let file = files[level] { return file }
        let file = writable
            ? try FileDescriptor.open(MerkleNodeCache.path(directory, level: level), O_RDWR | O_CREAT, mode: 0o644)
            : try FileDescriptor.open(MerkleNodeCache.path(directory, level: level), O_RDONLY)
        files[level] = file
        return file
    }

    private func read(level: Int, index: Int) throws -> Digest {
        nodeReads += 1
        let bytes = try handle(level).read(at: index * 32, count: 32)
        guard let digest = Digest(bytes: bytes) else {
            throw LedgerError.damaged(seq: nil, offset: index * 32, reason: "Merkle node cache level \(level) is short")
        }
        return digest
    }
}
