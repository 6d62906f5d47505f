import Ledger

/// The Merkle nodes of the first `leafCount` entries of a `PostgresLedger`, from the node table the
/// writer keeps (`tierledger.merkle_nodes`). A node asked for brings, in one query, every node on
/// the path from its leaves to the top and their siblings, and the tree's peaks: what a proof or root
/// over it needs next.
/// Nodes the table lacks are computed from their children, down to the leaves, read from the entries.
/// Never trusted by itself: checked proofs compare against roots computed without it.
final class PostgresTreeNodes: CountingNodeSource {
    let leafCount: Int
    private(set) var nodeReads = 0
    private let store: PostgresLedger
    private let entryReads: ReadCounter?
    private var known: [TreeNode: Digest] = [:]
    /// Nodes already asked of the table, found or not.
    private var asked: Set<TreeNode> = []

    init(store: PostgresLedger, leafCount: Int, entryReads: ReadCounter?) {
        self.store = store
        self.leafCount = leafCount
        self.entryReads = entryReads
    }

    /// A source that already asked the table for `asked` and holds what it found (`found`): the
    /// nodes `PostgresLedger.proofNodes` fetched with the count.
    init(store: PostgresLedger, leafCount: Int, entryReads: ReadCounter?, asked: Set<TreeNode>, found: [TreeNode: Digest]) {
        self.store = store
        self.leafCount = leafCount
        self.entryReads = entryReads
        self.asked = asked
        self.known = found
        nodeReads = found.count
    }

    func perfectNode(level: Int, index: Int) throws -> Digest {
        let node = TreeNode(level: level, index: index)
        guard level >= 0, level < Int.bitWidth - 1, index >= 0, (index + 1) << level <= leafCount else {
            throw LedgerError.invalidInput("no perfect subtree at level \(level), index \(index) in a tree of \(leafCount) entries")
        }
        if let hash = known[node] { return hash }
        if !asked.contains(node) {
            let path = pathAround(node)
            let found = try store.connections.withConnection { try store.nodes(path, on: $0) }
            asked.formUnion(path)
            nodeReads += found.count
            known.merge(found) { first, _ in first }
            if let hash = found[node] { return hash }
        }
        let hash: Digest
        if level == 0 {
            entryReads?.add()
            hash = MerkleHash.leaf(try store.line(at: Int64(index)))
        } else {
            hash = MerkleHash.node(try perfectNode(level: level - 1, index: 2 * index), try perfectNode(level: level - 1, index: 2 * index + 1))
        }
        known[node] = hash
        return hash
    }

    /// The perfect nodes on the path from `node`'s first leaf to the top, with their siblings, and
    /// the peaks of the whole tree (what its root needs): a proof's nodes in one query.
    private func pathAround(_ node: TreeNode) -> [TreeNode] {
        let wanted = Self.proofNodes(leaf: node.index << node.level, size: leafCount).union([node])
        return wanted.filter { !asked.contains($0) && known[$0] == nil }
    }

    /// What an inclusion proof of `leaf` in the tree of `size` leaves reads, and its root needs: at
    /// every level, the node above the leaf and its sibling, and the peaks of the tree, each only
    /// where the tree holds it whole. `PostgresLedger.proofNodes` asks the table for the same set in SQL.
    static func proofNodes(leaf: Int, size: Int) -> Set<TreeNode> {
        var wanted = Set(NodeFrontier.peakPositions(size: size))
        var level = 0
        while level < Int.bitWidth - 1, 1 << level <= size {
            for index in [leaf >> level, (leaf >> level) ^ 1] where index < size >> level {
                wanted.insert(TreeNode(level: level, index: index))
            }
            level += 1
        }
        return wanted
    }
}
