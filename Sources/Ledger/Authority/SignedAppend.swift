import LedgerCrypto

extension LedgerStore {
    /// Appends entries that were built and signed elsewhere (a client of the server), given as their
    /// exact canonical lines: under the writer lock, `known` is caught up to the head, and each line
    /// must decode canonically, follow the head (its `seq` and `prev`), keep time from going
    /// backwards, stay within `future`, carry a valid signature by the key `authority` expects for
    /// it, and pass the authority's rules. All or none: a line that fails writes nothing.
    ///
    /// A first line built on another head throws `ChainConflict`: the head moved since the client
    /// read it, and it must build again on the new head.
    public func appendSigned<A: EntryAuthority>(
        _ lines: [[UInt8]], after known: AuthorityAt<A>, wait: LockWait = .noWait, future: FutureTimes = .refused
    ) throws -> (entries: [StoredEntry], recoveredTail: TornTail?, state: AuthorityAt<A>) {
        guard !lines.isEmpty else { throw LedgerError.invalidInput("no entries to append") }
        let decoded: [Entry] = try lines.enumerated().map { index, line in
            do {
                return try EntryDecoder.decode(line, canonical: true)
            } catch {
                throw SignedLineRefusal(index: index, reason: "not a canonical entry line: \(error)", kind: .malformed, code: .ledgerEntryForm)
            }
        }
        return try withWriter(wait) { writer in
            var state = try catchUp(known).state
            let head = writer.head
            if let first = decoded.first {
                let expectedSeq = (head?.seq ?? -1) + 1
                guard first.seq == expectedSeq, first.prev == (head?.hash ?? .zero) else {
                    throw ChainConflict(submittedSeq: first.seq, submittedPrev: first.prev, head: head)
                }
            }
            let clock = EntryTime.now()
            var tip = head?.tip
            var links: [Chain.Link] = []
            for (index, entry) in decoded.enumerated() {
                let line = lines[index]
                do {
                    let expectedSeq = (tip?.seq ?? -1) + 1
                    guard entry.seq == expectedSeq, entry.prev == (tip?.hash ?? .zero) else {
                        throw AuthorityViolation(.ledgerEntryForm, "entry \(entry.seq) does not follow entry \(expectedSeq - 1) of the batch (seq \(expectedSeq) and its hash as prev)")
                    }
                    if let tip, entry.time < tip.time {
                        throw AuthorityViolation(.ledgerEntryForm, "entry \(entry.seq) is dated \(entry.time), before entry \(tip.seq) (\(tip.time)); time never goes backwards")
                    }
                    try future.check(entry.time, clock: clock)
                    let key = try state.signingKey(for: entry)
                    guard entry.hasValidSignature(by: key) else {
                        throw AuthorityViolation(.ledgerRejected, "entry \(entry.seq) is not signed by key \(key.id.short)… as its rules require, or its signature does not verify")
                    }
                    let hash = Digest.of(line)
                    try state.admit(entry, lineHash: hash)
                    let link = Chain.Link(entry: entry, line: line, hash: hash)
                    links.append(link)
                    tip = link.tip
                } catch let refusal as SignedLineRefusal {
                    throw refusal
                } catch let error as LedgerError {
                    if case .timeAhead = error { throw error }
                    throw SignedLineRefusal(index: index, reason: "\(error)", kind: .rules, code: error.errorCode)
                } catch {
                    throw SignedLineRefusal(index: index, reason: "\(entry.type) signed by key \(entry.signer.short)…: \(error)", kind: .rules,
                                            code: (error as? any CodedError)?.errorCode ?? .ledgerRejected)
                }
            }
            let written = try writer.append(links)
            return (written, writer.recoveredTail, AuthorityAt(state, head: writer.head))
        }
    }
}

/// Signed entries built on a head that is no longer the ledger's: another writer appended first.
/// Nothing was written; the client builds and signs again on the new head.
public struct ChainConflict: CodedError, Sendable, CustomStringConvertible {
    public var errorCode: ErrorCode { .ledgerHeadMoved }
    /// The first submitted entry's sequence number and `prev`.
    public let submittedSeq: Int64
    public let submittedPrev: Digest
    /// The ledger's head when the entries arrived (nil: the ledger is empty).
    public let head: ChainHead?

    public var description: String {
        let now = head.map { "entry \($0.seq) (sha256 \($0.hash.hex))" } ?? "no entry"
        return "the entries were built as entry \(submittedSeq) after \(submittedPrev.hex), but the ledger's head is now \(now); "
            + "read the head again, build and sign on it; nothing was written"
    }
}

/// One line of a batch of signed entries that was refused; nothing from the batch was written.
public struct SignedLineRefusal: CodedError, Sendable, CustomStringConvertible {
    /// Why: the line is not an entry at all, or an entry the ledger's rules refuse.
    public enum Kind: Sendable { case malformed, rules }

    /// The line's position in the batch, from 0.
    public let index: Int
    public let reason: String
    public let kind: Kind
    /// The code of the rule or form the line broke.
    public let code: ErrorCode
    public var errorCode: ErrorCode { code }

    public var description: String { "batch item \(index + 1): \(reason); nothing from the batch was written" }
}
