/// Where the Merkle maths gets the hashes of perfect subtrees: the node at `level` and `index`
/// covers leaves `index·2^level ..< (index+1)·2^level` (level 0 holds the leaf hashes).
///
/// The maths knows nothing of files: an in-memory tree, the on-disk node cache and its fallback
/// to the entries all answer through this.
public protocol MerkleNodeSource {
    /// Leaves available.
    var leafCount: Int { get }
    /// The hash of a perfect subtree within `leafCount`.
    func perfectNode(level: Int, index: Int) throws -> Digest
}

/// Leaf hashes held in memory; interior nodes computed on demand. For tests and small trees.
public struct InMemoryMerkleTree: MerkleNodeSource {
    public private(set) var leaves: [Digest]

    public init(leaves: [Digest] = []) { self.leaves = leaves }

    public mutating func append(_ leaf: Digest) { leaves.append(leaf) }

    public var leafCount: Int { leaves.count }

    public func perfectNode(level: Int, index: Int) throws -> Digest {
        if level == 0 { return leaves[index] }
        return MerkleHash.node(try perfectNode(level: level - 1, index: 2 * index),
                               try perfectNode(level: level - 1, index: 2 * index + 1))
    }
}
