import LedgerCrypto

extension LedgerStore {
    /// Appends `drafts` signed by `key`, after replaying the ledger through `authority` under the
    /// writer lock, and refuses the batch if any entry would break its rules — so the writer never
    /// produces what `verify` rejects. `progress` hears how many entries are signed and checked so far.
    @discardableResult
    public func append<A: EntryAuthority>(
        _ drafts: [EntryDraft], signedBy key: PrivateKey, authority: A, wait: LockWait = .noWait,
        at time: EntryTime = .now(), future: FutureTimes = .refused, progress: (Int) -> Void = { _ in }
    ) throws -> (entries: [StoredEntry], recoveredTail: TornTail?) {
        let result = try appendReturningState(drafts, signedBy: key, authority: authority, wait: wait, at: time, future: future,
                                              progress: progress)
        return (result.entries, result.recoveredTail)
    }

    /// `append`, also returning the authority's state right after the new entries: what a command
    /// reports about what it wrote, without replaying the ledger once more.
    public func appendReturningState<A: EntryAuthority>(
        _ drafts: [EntryDraft], signedBy key: PrivateKey, authority: A, wait: LockWait = .noWait,
        at time: EntryTime = .now(), future: FutureTimes = .refused, progress: (Int) -> Void = { _ in }
    ) throws -> (entries: [StoredEntry], recoveredTail: TornTail?, state: A) {
        try withWriter(wait) { writer in
            var state = try replay(authority, through: writer)
            let firstSeq = (writer.head?.seq ?? -1) + 1
            let written = try writer.append(drafts, signedBy: key, at: time, future: future) { entry in
                do {
                    let expected = try state.signingKey(for: entry)
                    guard expected.id == key.publicKey.id else {
                        throw AuthorityViolation("entry \(entry.seq) must be signed by key \(expected.id.short)…")
                    }
                    try state.admit(entry)
                    progress(Int(entry.seq - firstSeq) + 1)
                } catch {
                    let reason = "\(entry.type) signed by key \(key.publicKey.id.short)…: \(error)"
                    if drafts.count > 1 { throw LedgerError.rejectedInBatch(index: Int(entry.seq - firstSeq), reason: reason) }
                    throw LedgerError.rejected(reason: reason)
                }
            }
            return (written, writer.recoveredTail, state)
        }
    }

    /// Replays every stored entry through `authority`, without checking signatures.
    func replay<A: EntryAuthority>(_ authority: A, through writer: any LedgerStoreWriter) throws -> A {
        var state = authority
        var entries = try writer.existingEntries(strict: false, readAhead: 512)
        while let stored = try entries.nextOrThrow() {
            do {
                _ = try state.signingKey(for: stored.entry)
                try state.admit(stored.entry)
            } catch {
                throw LedgerError.damaged(seq: stored.entry.seq, offset: stored.offset, reason: "\(error)")
            }
        }
        return state
    }
}
