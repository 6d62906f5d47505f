extension SnapshotStore {
    /// The state of the newest snapshot that checks out, as a state kept after its head: the
    /// snapshot of the largest checkpoint that (1) this ledger's log key signed, (2) binds a state
    /// hash equal to the SHA-256 of the kept bytes, (3) `decode` reads, naming the entry just
    /// before the checkpoint's size, and (4) whose named entry still hashes, in the store, to the
    /// hash the snapshot records. Nil when none does: the caller replays from entry 0. Nothing
    /// about a snapshot that fails is reported, since a snapshot is only ever a shortcut.
    public func boundSnapshot<A: EntryAuthority>(decode: ([UInt8]) throws -> (state: A, seq: Int64, hash: Digest)) -> AuthorityAt<A>? {
        guard let logKey = try? logVerifierKey, let saved = try? savedCheckpoints() else { return nil }
        for checkpoint in saved where checkpoint.size > 0 {
            guard let verified = try? Checkpoint.verify(note: String(decoding: checkpoint.note, as: UTF8.self), logKey: logKey),
                  verified.checkpoint.size == checkpoint.size, let stateHash = verified.checkpoint.stateHash,
                  let bytes = try? snapshot(size: checkpoint.size), Digest.of(bytes) == stateHash,
                  let decoded = try? decode(bytes), decoded.seq == Int64(checkpoint.size) - 1,
                  let head = try? chainHead(at: decoded.seq), head.hash == decoded.hash
            else { continue }
            return AuthorityAt(decoded.state, head: head)
        }
        return nil
    }

    /// The entry `seq` as a chain head: its line's hash, time and end offset, read from the store.
    private func chainHead(at seq: Int64) throws -> ChainHead? {
        var source = try lines(from: seq)
        guard case let .line(offset, bytes)? = try source.next() else { return nil }
        let stored = try EntrySequence.decode(bytes, offset: offset, expectedSeq: seq, strict: false)
        return ChainHead(seq: seq, hash: stored.hash, time: stored.entry.time, endOffset: offset + bytes.count + 1)
    }
}
