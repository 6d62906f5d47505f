extension LedgerStore {
    /// The root of the first `size` entries, computed without trusting the node cache: the signed
    /// root of the largest checkpoint at or below `size` (its peaks read from the cache must fold to
    /// that signed root, else they are ignored), extended with the leaves of the entries after it,
    /// hashed from their lines. O(log n) cached nodes plus the entries since that checkpoint.
    public func independentRoot(size: Int) throws -> Digest {
        let count = Int(try self.count())
        guard size >= 0, size <= count else {
            throw LedgerError.invalidInput("tree size \(size) is larger than the ledger (\(count) entries); choose a size from 0 to \(count)")
        }
        return try independentRoot(size: size, anchor: try latestSignedCheckpoint(atMost: size), nodes: { try treeSource() })
    }

    /// `independentRoot(size:)` anchored on `anchor`, the largest checkpoint at or below `size` whose
    /// log signature verifies (nil when there is none), its peaks read from `nodes`.
    func independentRoot(size: Int, anchor: Checkpoint?, nodes: () throws -> any MerkleNodeSource) throws -> Digest {
        var frontier = MerkleFrontier()
        if let checkpoint = anchor, checkpoint.size > 0, checkpoint.size <= size {
            let source = try nodes()
            let peaks = try MerkleFrontier.peakPositions(size: checkpoint.size).map { try source.perfectNode(level: $0.level, index: $0.index) }
            let anchored = MerkleFrontier(size: checkpoint.size, peaks: peaks)
            if anchored.root == checkpoint.root { frontier = anchored }
        }
        var entries = try self.entries(from: Int64(frontier.size), strict: false, leaves: true)
        while frontier.size < size, let stored = try entries.nextOrThrow() {
            frontier.append(stored.leaf ?? MerkleHash.leaf(stored.entry.canonicalBytes))
        }
        guard frontier.size == size else {
            throw LedgerError.damaged(seq: Int64(frontier.size), offset: 0, reason: "the entries end before entry \(frontier.size)")
        }
        return frontier.root
    }

    /// `inclusionProof`, checked before it is returned: its root must be `independentRoot`, its leaf
    /// the hash of the entry's own line, and its path must lead from one to the other. A proof made
    /// from a node cache that disagrees with the entries is never returned: the cache is rebuilt
    /// and the proof made again (`rebuiltCache` says so).
    public func checkedInclusionProof(seq: Int64, size: Int? = nil) throws -> (proof: InclusionProof, rebuiltCache: Bool) {
        let size = try size ?? Int(count())
        guard seq >= 0, Int(seq) < size else {
            throw LedgerError.invalidInput("entry \(seq) is not in a tree of \(size) entries; choose a size above \(seq)")
        }
        let root = try independentRoot(size: size)
        let leaf = try leafHash(Int(seq))
        return try checked({ try inclusionProof(seq: seq, size: size) }) { proof in
            guard proof.rootHash == root, proof.leafHash == leaf else { return false }
            return (try? proof.verify()) != nil
        }
    }

    /// `consistencyProof`, checked the same way against both independently computed roots.
    public func checkedConsistencyProof(from oldSize: Int, to newSize: Int? = nil) throws -> (proof: ConsistencyProof, rebuiltCache: Bool) {
        let newSize = try newSize ?? Int(count())
        guard oldSize >= 0, oldSize <= newSize else {
            throw LedgerError.invalidInput("the first size (\(oldSize)) must be from 0 to the second (\(newSize))")
        }
        let roots = (try independentRoot(size: oldSize), try independentRoot(size: newSize))
        return try checked({ try consistencyProof(from: oldSize, to: newSize) }) { proof in
            guard proof.firstRoot == roots.0, proof.secondRoot == roots.1 else { return false }
            return (try? proof.verify()) != nil
        }
    }

    private func checked<Proof>(_ make: () throws -> Proof, valid: (Proof) -> Bool) throws -> (proof: Proof, rebuiltCache: Bool) {
        let first = try make()
        if valid(first) { return (first, false) }
        do {
            try rebuildTreeCache()
        } catch LedgerError.locked(_, let holder) {
            throw LedgerError.invalidInput("the Merkle node cache does not match the entries, and \(holder) holds the writer lock, "
                + "so it cannot be rebuilt now; retry when that write is done (nothing was printed)")
        }
        let second = try make()
        guard valid(second) else {
            throw LedgerError.damaged(seq: nil, offset: 0, reason: "a proof made from the rebuilt node cache still disagrees with the entries")
        }
        return (second, true)
    }
}
