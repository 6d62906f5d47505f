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
        let result = try append(drafts, signedBy: key, after: AuthorityAt(authority), wait: wait, at: time, future: future, progress: progress)
        return (result.entries, result.recoveredTail)
    }

    /// Appends `drafts` after bringing `known` (the authority's state after some entry) up to the
    /// head under the writer lock: only the entries after `known.head` are replayed, so a caller
    /// that keeps its state replays nothing twice. Returns the state after the new entries.
    public func append<A: EntryAuthority>(
        _ drafts: [EntryDraft], signedBy key: PrivateKey, after known: AuthorityAt<A>, wait: LockWait = .noWait,
        at time: EntryTime = .now(), future: FutureTimes = .refused, progress: (Int) -> Void = { _ in }
    ) throws -> (entries: [StoredEntry], recoveredTail: TornTail?, state: AuthorityAt<A>) {
        try withWriter(wait) { writer in
            var state = try catchUp(known).state
            let firstSeq = (writer.head?.seq ?? -1) + 1
            let written = try writer.append(drafts, signedBy: key, at: time, future: future) { entry in
                do {
                    let expected = try state.signingKey(for: entry)
                    guard expected.id == key.publicKey.id else {
                        throw AuthorityViolation(.ledgerSignerNotEnrolled, "entry \(entry.seq) must be signed by key \(expected.id.short)…")
                    }
                    try state.admit(entry)
                    progress(Int(entry.seq - firstSeq) + 1)
                } catch {
                    let reason = "\(entry.type) signed by key \(key.publicKey.id.short)…: \(error)"
                    let code = (error as? any CodedError)?.errorCode ?? .ledgerRejected
                    if drafts.count > 1 { throw LedgerError.rejectedInBatch(index: Int(entry.seq - firstSeq), reason: reason, code: code) }
                    throw LedgerError.rejected(reason: reason, code: code)
                }
            }
            return (written, writer.recoveredTail, AuthorityAt(state, head: writer.head))
        }
    }

    /// `known` brought up to the last complete entry: the entries after its head are run through
    /// the authority (decoded, not signature-checked: that is `verify`'s job). Its head must still
    /// be on the chain (the line at its sequence number hashes to it), or the store was rewritten
    /// under it and this throws.
    public func catchUp<A: EntryAuthority>(_ known: AuthorityAt<A>, readAhead: Int = 512) throws -> AuthorityAt<A> {
        if let head = known.head {
            let line = try? self.line(at: head.seq)
            guard let line, Digest.of(line) == head.hash else {
                throw LedgerError.damaged(seq: head.seq, offset: head.endOffset, reason: "entry \(head.seq) no longer hashes to "
                    + "\(head.hash.hex), which a state kept in memory was built on: the ledger was rewritten")
            }
        }
        var state = known.state
        var last = known.head
        var entries = try self.entries(after: known.head, strict: false, readAhead: readAhead)
        while let stored = try entries.nextOrThrow() {
            do {
                _ = try state.signingKey(for: stored.entry)
                try state.admit(stored.entry)
            } catch {
                throw LedgerError.damaged(seq: stored.entry.seq, offset: stored.offset, reason: "\(error)")
            }
            last = ChainHead(seq: stored.entry.seq, hash: stored.hash, time: stored.entry.time, endOffset: stored.offset + stored.length + 1)
        }
        return AuthorityAt(state, head: last)
    }
}

/// An authority's state after the entry `head` (before any entry when nil): what a long-lived
/// caller keeps so that it catches up with new entries instead of replaying from entry 0.
public struct AuthorityAt<A: EntryAuthority>: Sendable {
    public let state: A
    public let head: ChainHead?

    public init(_ state: A, head: ChainHead? = nil) {
        self.state = state
        self.head = head
    }
}
