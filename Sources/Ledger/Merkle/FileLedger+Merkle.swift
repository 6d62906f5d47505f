import Foundation

extension FileLedger {
    /// The Merkle leaf hash of entry `seq`: SHA-256(0x00 ‖ its line), read through the offset index.
    func leafHash(_ seq: Int) throws -> Digest {
        MerkleHash.leaf(try entryLine(at: Int64(seq)))
    }

    /// The node source for proofs over the current entries: the on-disk cache where it checks out,
    /// the entries themselves where it does not.
    func treeSource(writable: Bool = false) throws -> MerkleNodeCache {
        let count = Int(try count())
        return try MerkleNodeCache(directory: paths.merkle, leafCount: count, writable: writable) { [self] index in
            try leafHash(index)
        }
    }

    /// The root of the first `size` entries (all of them when nil).
    public func treeHead(size: Int? = nil) throws -> (size: Int, root: Digest) {
        let source = try treeSource()
        let size = size ?? source.leafCount
        return (size, try MerkleProofs.root(size: size, in: source))
    }

    /// Proof that entry `seq` is leaf `seq` of the tree of `size` entries (all when nil).
    public func inclusionProof(seq: Int64, size: Int? = nil) throws -> InclusionProof {
        let source = try treeSource()
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

    /// Discards and rebuilds the node cache from the entries, under the writer lock (never waits).
    public func rebuildTreeCache() throws {
        try withWriter(.noWait) { _ in
            let levels = (try? FileManager.default.contentsOfDirectory(atPath: paths.merkle)) ?? []
            for name in levels { try? FileManager.default.removeItem(atPath: paths.merkle + "/" + name) }
            _ = try treeSource(writable: true)
        }
    }

    /// Brings the node cache up to date (a writer's job, under the lock); failures are harmless,
    /// since the cache is rebuilt or bypassed when it does not check out.
    func extendTreeCache(knownLeaves: [Digest], firstIndex: Int) {
        guard let cache = try? MerkleNodeCache(directory: paths.merkle, leafCount: firstIndex, writable: true,
                                               leafHash: { [self] in try leafHash($0) })
        else { return }
        if cache.cachedLeaves == firstIndex { try? cache.append(knownLeaves) }
    }
}
