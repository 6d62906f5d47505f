import Foundation

/// The file store's Merkle node cache: `merkle/level-NN.bin` (docs/format.md §11.1).
extension FileLedger {
    /// The on-disk cache where it checks out, the entries themselves where it does not.
    /// `entryReads` counts the entry lines it reads.
    public func treeNodes(leafCount: Int, entryReads: ReadCounter?) throws -> any CountingNodeSource {
        try MerkleNodeCache(directory: paths.merkle, leafCount: leafCount, writable: false) { [self] index in
            entryReads?.add()
            return try leafHash(index)
        }
    }

    /// A node-by-node audit of the cache against the leaves `verify` feeds it.
    public func treeCacheAudit() -> (any TreeCacheAudit)? {
        MerkleCacheAudit(directory: paths.merkle)
    }

    /// Discards and rebuilds the node cache from the entries, under the writer lock (never waits).
    public func rebuildTreeCache() throws {
        try withWriter(.noWait) { _ in
            let levels = (try? FileManager.default.contentsOfDirectory(atPath: paths.merkle)) ?? []
            for name in levels { try? FileManager.default.removeItem(atPath: paths.merkle + "/" + name) }
            _ = try MerkleNodeCache(directory: paths.merkle, leafCount: Int(try count()), writable: true) { [self] in try leafHash($0) }
        }
    }

    /// Builds or extends the node cache when it holds fewer leaves than the ledger has entries (a
    /// copied or restored ledger has none), so that a long-lived reader such as the server answers
    /// proofs from it instead of hashing every entry again for each one. Under the writer lock,
    /// without waiting: when another process writes, it is left for later. Returns whether it worked.
    @discardableResult
    public func warmTreeCache() -> Bool {
        guard let count = try? Int(self.count()) else { return false }
        let cached = (try? MerkleNodeCache(directory: paths.merkle, leafCount: count, writable: false) { [self] in try leafHash($0) })?.cachedLeaves ?? 0
        guard cached < count else { return true }
        return (try? withWriter(.noWait) { _ in
            _ = try MerkleNodeCache(directory: paths.merkle, leafCount: Int(try self.count()), writable: true) { [self] in try leafHash($0) }
        }) != nil
    }

    /// Brings the node cache up to date (a writer's job, under the lock); failures are harmless,
    /// since the cache is rebuilt or bypassed when it does not check out.
    public func extendTreeCache(knownLeaves: [Digest], firstIndex: Int) {
        guard let cache = try? MerkleNodeCache(directory: paths.merkle, leafCount: firstIndex, writable: true,
                                               leafHash: { [self] in try leafHash($0) })
        else { return }
        if cache.cachedLeaves == firstIndex { try? cache.append(knownLeaves) }
    }
}
