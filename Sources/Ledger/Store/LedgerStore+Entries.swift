extension LedgerStore {
    /// The entries from `seq` on, decoded but not verified (that is `Verifier`'s job). Stops at the
    /// last complete line; throws `LedgerError.damaged` at a line that does not decode.
    ///
    /// With `strict: false` lines are not checked for canonical form, only decoded: for replays of
    /// state, which trust the store as `verify` left it and run many times more often. With
    /// `readAhead` above 0, batches of that many lines are decoded on every core ahead of use: for
    /// whole-ledger replays (errors still surface at the entry where they are). With `leaves`, each
    /// entry carries its Merkle leaf hash, computed where it is decoded.
    public func entries(from seq: Int64 = 0, strict: Bool = true, readAhead: Int = 0, leaves: Bool = false) throws -> EntrySequence {
        EntrySequence(reader: try lines(from: seq), firstSeq: max(seq, 0), strict: strict, readAhead: readAhead, leaves: leaves)
    }

    /// The entries after `head` (all of them when nil), as `entries(from:)` reads them.
    public func entries(after head: ChainHead?, strict: Bool = true, readAhead: Int = 0, leaves: Bool = false) throws -> EntrySequence {
        EntrySequence(reader: try lines(after: head), firstSeq: (head?.seq ?? -1) + 1, strict: strict, readAhead: readAhead, leaves: leaves)
    }

    /// One entry by sequence number.
    public func entry(at seq: Int64) throws -> StoredEntry {
        var source = try lines(from: seq)
        guard seq >= 0, case let .line(offset, bytes)? = try source.next() else {
            throw LedgerError.noSuchEntry(seq: seq, count: try count())
        }
        return try EntrySequence.decode(bytes, offset: offset, expectedSeq: seq)
    }

    /// The Merkle leaf hash of entry `seq`: SHA-256(0x00 ‖ its line).
    func leafHash(_ seq: Int) throws -> Digest {
        MerkleHash.leaf(try line(at: Int64(seq)))
    }
}
