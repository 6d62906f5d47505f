import Foundation

extension LedgerStore {
    /// The node source for proofs over the current entries (`treeNodes`).
    func treeSource(entryReads: ReadCounter? = nil) throws -> any CountingNodeSource {
        try treeNodes(leafCount: Int(try count()), entryReads: entryReads)
    }

    /// The node source for an inclusion proof: `treeNodes` over the current entries.
    public func proofNodes(leaf seq: Int64, size: Int?, entryReads: ReadCounter?) throws -> any CountingNodeSource {
        try treeSource(entryReads: entryReads)
    }

    /// An inclusion proof, with what it cost to make: the cached nodes and entry lines read. With a
    /// cache that holds the tree both are O(log n); `make bench` reports them.
    public func inclusionProofCountingReads(seq: Int64, size: Int? = nil) throws -> (proof: InclusionProof, reads: ProofReads) {
        let entries = ReadCounter()
        let source = try proofNodes(leaf: seq, size: size, entryReads: entries)
        let proof = try inclusionProof(seq: seq, size: size, in: source)
        return (proof, ProofReads(cachedNodes: source.nodeReads, entries: entries.count))
    }

    /// The root of the first `size` entries (all of them when nil).
    public func treeHead(size: Int? = nil) throws -> (size: Int, root: Digest) {
        let source = try treeSource()
        let size = size ?? source.leafCount
        return (size, try MerkleProofs.root(size: size, in: source))
    }

    /// Proof that entry `seq` is leaf `seq` of the tree of `size` entries (all when nil).
    public func inclusionProof(seq: Int64, size: Int? = nil) throws -> InclusionProof {
        try inclusionProof(seq: seq, size: size, in: try proofNodes(leaf: seq, size: size, entryReads: nil))
    }

    private func inclusionProof(seq: Int64, size: Int?, in source: any CountingNodeSource) throws -> InclusionProof {
        let size = size ?? source.leafCount
        guard seq >= 0, Int(seq) < size else {
            throw LedgerError.invalidInput("entry \(seq) is not in a tree of \(size) entries; choose a size above \(seq)")
        }
        let hashes = try MerkleProofs.inclusion(index: Int(seq), size: size, in: source)
        return InclusionProof(origin: config.origin, leafIndex: Int(seq), treeSize: size,
                              rootHash: try MerkleProofs.root(size: size, in: source),
                              leafHash: try source.perfectNode(level: 0, index: Int(seq)), hashes: hashes)
    }

    /// Proof that the tree of `newSize` entries (all when nil) extends the tree of `oldSize`.
    public func consistencyProof(from oldSize: Int, to newSize: Int? = nil) throws -> ConsistencyProof {
        let source = try treeSource()
        let newSize = newSize ?? source.leafCount
        return ConsistencyProof(origin: config.origin, firstSize: oldSize, secondSize: newSize,
                                firstRoot: try MerkleProofs.root(size: oldSize, in: source),
                                secondRoot: try MerkleProofs.root(size: newSize, in: source),
                                hashes: try MerkleProofs.consistency(from: oldSize, to: newSize, in: source))
    }
}

/// What making a proof read: nodes from the Merkle cache, and entry lines (leaves the cache lacks,
/// and the samples its checks compare).
public struct ProofReads: Sendable, Equatable {
    public let cachedNodes: Int
    public let entries: Int
}

/// Counts calls, for `ProofReads`.
public final class ReadCounter: @unchecked Sendable {
    public private(set) var count = 0
    public init() {}
    public func add() { count += 1 }
}
