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

    /// MTH of every leaf appended so far.
    public var root: Digest {
        guard var acc = peaks.last?.hash else { return MerkleHash.empty }
        for peak in peaks.dropLast().reversed() { acc = MerkleHash.node(peak.hash, acc) }
        return acc
    }
}
