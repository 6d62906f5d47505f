/// A factory that can also make a ledger from an existing one's genesis line, so that a ledger can
/// move between stores byte for byte (`LedgerCopy`).
public protocol LedgerStoreImporting: LedgerStoreFactory {
    /// Creates a ledger holding `genesis` (entry 0 of another ledger, whose config is `config`),
    /// durable before this returns; fails, creating nothing, if a ledger is already there.
    func create(config: LedgerConfig, genesis: Chain.Link) throws -> any LedgerStore
}

extension Chain.Link {
    /// A line read back from a store, as the link it was made as: decoded strictly (canonical form).
    public init(line: [UInt8], offset: Int, expectedSeq: Int64) throws {
        let stored = try EntrySequence.decode(line, offset: offset, expectedSeq: expectedSeq)
        self.init(entry: stored.entry, line: line, hash: stored.hash)
    }
}

/// Moves a ledger from one store to another, byte for byte: every line, in order, re-chained on the
/// way (each entry's `prev` must be the previous line's hash), then the saved checkpoint notes; the
/// copy is accepted only if both stores give the same Merkle root for the same size. Signatures are
/// not checked here: run `verify` on either side.
public enum LedgerCopy {
    /// What a copy moved.
    public struct Outcome: Sendable {
        public let entries: Int64
        public let root: Digest
        public let checkpoints: Int
    }

    /// Copies `source` (as it is when the copy starts) into a new ledger made by `factory`.
    public static func copy(from source: any LedgerStore, into factory: any LedgerStoreImporting, batch: Int = 1000,
                            progress: (Int64) -> Void = { _ in }) throws -> (store: any LedgerStore, outcome: Outcome) {
        let size = try source.count()
        guard size > 0 else {
            throw LedgerError.invalidInput("\(source.location) holds no entries: there is nothing to copy")
        }
        var lines = try source.lines(from: 0)
        guard case let .line(offset, bytes)? = try lines.next() else {
            throw LedgerError.noSuchEntry(seq: 0, count: size)
        }
        let genesis = try Chain.Link(line: bytes, offset: offset, expectedSeq: 0)
        let target = try factory.create(config: source.config, genesis: genesis)
        var last = genesis
        try target.withWriter(.noWait) { writer in
            var pending: [Chain.Link] = []
            func flush() throws {
                _ = try writer.append(pending)
                progress(last.entry.seq + 1)
                pending.removeAll(keepingCapacity: true)
            }
            while last.entry.seq + 1 < size, let item = try lines.next() {
                guard case let .line(offset, bytes) = item else {
                    throw LedgerError.damaged(seq: last.entry.seq + 1, offset: lines.position, reason: "an incomplete line where the copy expected an entry")
                }
                let link = try Chain.Link(line: bytes, offset: offset, expectedSeq: last.entry.seq + 1)
                guard link.entry.prev == last.hash else {
                    throw LedgerError.damaged(seq: link.entry.seq, offset: offset, reason: "its prev is not the hash of entry \(last.entry.seq): "
                        + "the source's chain is broken here; run `tierledger verify` on it")
                }
                pending.append(link)
                last = link
                if pending.count >= batch { try flush() }
            }
            if !pending.isEmpty { try flush() }
        }
        guard last.entry.seq + 1 == size else {
            throw LedgerError.damaged(seq: last.entry.seq + 1, offset: lines.position, reason: "the source ended before entry \(size - 1)")
        }
        var checkpoints = 0
        for saved in try source.savedCheckpoints() where saved.size <= size {
            _ = try target.saveCheckpoint(saved.note, size: saved.size)
            checkpoints += 1
        }
        let sourceRoot = try source.treeHead(size: Int(size)).root
        let targetRoot = try target.treeHead(size: Int(size)).root
        guard sourceRoot == targetRoot else {
            throw LedgerError.damaged(seq: nil, offset: 0, reason: "after the copy, \(target.location) has Merkle root \(targetRoot.hex) "
                + "over \(size) entries but \(source.location) has \(sourceRoot.hex)")
        }
        return (target, Outcome(entries: size, root: sourceRoot, checkpoints: checkpoints))
    }
}
