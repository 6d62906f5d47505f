import Ledger

/// One perfect-subtree node of the Merkle tree (docs/format.md §11): `level` 0 is a leaf.
struct TreeNode: Sendable, Hashable {
    let level: Int
    let index: Int
}

/// The right edge of the tree as the node table holds it: the perfect subtrees of a tree of `size`
/// leaves, largest first. Appending a leaf yields every node it completes, for the writer to insert
/// in the same statement as the entries.
struct NodeFrontier {
    private(set) var peaks: [(node: TreeNode, hash: Digest)]
    private(set) var size: Int

    init(size: Int, peaks: [(node: TreeNode, hash: Digest)]) {
        self.size = size
        self.peaks = peaks
    }

    /// Where the peaks of a tree of `size` leaves sit, largest (leftmost) first.
    static func peakPositions(size: Int) -> [TreeNode] {
        var positions: [TreeNode] = []
        var covered = 0
        for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 {
            positions.append(TreeNode(level: level, index: covered >> level))
            covered += 1 << level
        }
        return positions
    }

    /// Appends leaf `size` and returns the nodes it completes, the leaf first.
    mutating func append(_ leaf: Digest) -> [(node: TreeNode, hash: Digest)] {
        var made = [(node: TreeNode(level: 0, index: size), hash: leaf)]
        var current = made[0]
        while let last = peaks.last, last.node.level == current.node.level {
            peaks.removeLast()
            current = (TreeNode(level: current.node.level + 1, index: current.node.index >> 1), MerkleHash.node(last.hash, current.hash))
            made.append(current)
        }
        peaks.append(current)
        size += 1
        return made
    }
}
