/// The right edge of a growing tree: one perfect-subtree hash per set bit of the size, so a root
/// can be kept while streaming any number of leaves in O(log n) memory.
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees from the largest (leftmost) to the smallest.
    private var peaks: [(level: Int, hash: Digest)] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(_ leaf: Digest) {
        var node = leaf
        var level = 0
        while let last = peaks.last, last.level == level {
            peaks.removeLast()
            node = MerkleHash.node(last.hash, node)
            level += 1
        }
        peaks.append((level, node))
        size += 1
    }

    /// Rebuilds a frontier from its peaks (largest first); nil unless they fit `size`: one peak per
    /// set bit of the size.
    public init?(size: Int, peaks: [Digest]) {
        guard size >= 0, peaks.count == size.nonzeroBitCount else { return nil }
        var levels: [Int] = []
        for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 { levels.append(level) }
        self.size = size
        self.peaks = Array(zip(levels, peaks)).map { (level: $0.0, hash: $0.1) }
    }

    /// The peaks, largest subtree first.
    public var peakHashes: [Digest] { peaks.map(\.hash) }

    /// MTH of every leaf appended so far.
    public var root: Digest {
        guard var acc = peaks.last?.hash else { return MerkleHash.empty }
        for peak in peaks.dropLast().reversed() { acc = MerkleHash.node(peak.hash, acc) }
        return acc
    }
}
