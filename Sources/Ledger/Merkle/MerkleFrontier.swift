/// The right edge of a growing tree: one perfect-subtree hash per set bit of the size, so a root
/// can be kept while streaming any number of leaves in O(log n) memory.
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees from the largest (leftmost) to the smallest.
    private var peaks: [(level: Int, hash: Digest)] = []
    public private(set) var size = 0

    public init() {}

    /// The frontier of a tree of `size` leaves from its peaks, largest first (`peakPositions`).
    init(size: Int, peaks: [Digest]) {
        self.size = size
        self.peaks = zip(Self.peakPositions(size: size), peaks).map { ($0.level, $1) }
    }

    /// Where the perfect subtrees of a tree of `size` leaves sit, largest (leftmost) first: one per
    /// set bit of `size`, as (level, index among the nodes of that level).
    static func peakPositions(size: Int) -> [(level: Int, index: Int)] {
        var positions: [(level: Int, index: Int)] = []
        var covered = 0
        for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 {
            positions.append((level, covered >> level))
            covered += 1 << level
        }
        return positions
    }

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
