import Foundation
import LedgerCrypto

/// Verifies a whole ledger from its bytes alone, streaming with bounded memory.
///
/// Checks, in file order: line size; canonical RFC 8785 form; members and their forms; sequence
/// numbers from 0 without gaps; each `prev` against the SHA-256 of the line before; time never
/// decreasing; that the signer may sign the entry (`EntryAuthority`); that `ledger.json` agrees
/// with entry 0; and every signature, in batches spread over all cores. Reports the first bad entry.
///
/// With an `anchor` (the size and root of a checkpoint signed by the log key), the entries below
/// it are decoded, chained and run through the authority, and their Merkle root must equal the
/// anchor's: only their signatures are not checked again, since a checkpoint signs only entries
/// that verified (`LedgerStore.makeCheckpoint`). Anything amiss below the anchor — a root that
/// differs, a line that does not decode, a rule broken — and the whole ledger is verified in full
/// instead, so the report names the first bad entry either way.
public struct Verifier<Authority: EntryAuthority> {
    public var authority: Authority
    /// Threads for signature checks; defaults to every core.
    public var workers: Int
    /// Signatures checked per parallel batch; bounds memory.
    public var batchSize: Int
    /// Called after each batch.
    public var progress: ((VerificationProgress) -> Void)?
    /// Tree sizes at which to record the Merkle root computed from the entries (for checkpoints).
    public var rootsAt: Set<Int> = []
    /// Entries below `anchor.size` whose root is `anchor.root` need no signature checks.
    public var anchor: VerificationAnchor?
    /// The moment the verification runs: entries dated well after it are noted (`AheadOfClock`).
    public var clock: EntryTime = .now()

    public init(authority: Authority, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                batchSize: Int = 4096, progress: ((VerificationProgress) -> Void)? = nil) {
        self.authority = authority
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
        self.progress = progress
    }

    /// Verifies `ledger`. Throws only when the files cannot be read; integrity problems are in the
    /// report. Also returns the authority state after the last verified entry.
    public func verify(_ ledger: some LedgerStore) throws -> (report: VerificationReport, state: Authority) {
        if let anchor, anchor.size > 0, let start = try anchoredStart(ledger, anchor) {
            return try run(ledger, from: start)
        }
        return try run(ledger, from: Start(authority: authority, head: nil, frontier: MerkleFrontier(),
                                           audit: ledger.treeCacheAudit(),
                                           roots: rootsAt.contains(0) ? [0: MerkleHash.empty] : [:], ahead: AheadOfClock(clock: clock)))
    }

    /// Where the checks that include signatures begin: after the anchored prefix, or at entry 0.
    private struct Start {
        var authority: Authority
        var head: ChainHead?
        var frontier: MerkleFrontier
        var audit: (any TreeCacheAudit)?
        var roots: [Int: Digest]
        var ahead: AheadOfClock
    }

    /// Checks the entries below `anchor` without their signatures: decoded ahead on every core,
    /// chained, run through the authority, and hashed into a tree whose root must be the anchor's.
    /// Nil when anything differs, so that the caller verifies everything instead.
    private func anchoredStart(_ ledger: some LedgerStore, _ anchor: VerificationAnchor) throws -> Start? {
        let total = try ledger.lines(after: nil).endPosition
        var start = Start(authority: authority, head: nil, frontier: MerkleFrontier(),
                          audit: ledger.treeCacheAudit(),
                          roots: rootsAt.contains(0) ? [0: MerkleHash.empty] : [:], ahead: AheadOfClock(clock: clock))
        var entries = try ledger.entries(strict: false, readAhead: 512, leaves: true)
        while start.frontier.size < anchor.size {
            guard let stored = try? entries.nextOrThrow(), let leaf = stored.leaf else { return nil }
            let entry = stored.entry
            guard entry.prev == (start.head?.hash ?? .zero), start.head.map({ entry.time >= $0.time }) ?? true else { return nil }
            if entry.seq == 0, SequentialPass<Authority>.configMismatch(entry, ledger.config) != nil { return nil }
            do {
                _ = try start.authority.signingKey(for: entry)
                try start.authority.admit(entry, lineHash: stored.hash)
            } catch {
                return nil
            }
            start.frontier.append(leaf)
            start.audit?.check(leaf: leaf)
            start.ahead.see(seq: entry.seq, time: entry.time)
            if rootsAt.contains(start.frontier.size) { start.roots[start.frontier.size] = start.frontier.root }
            let end = stored.offset + stored.length + 1
            start.head = ChainHead(seq: entry.seq, hash: stored.hash, time: entry.time, endOffset: end)
            if start.frontier.size % batchSize == 0 {
                progress?(VerificationProgress(entries: Int64(start.frontier.size), bytes: end, totalBytes: total))
            }
        }
        return start.frontier.root == anchor.root ? start : nil
    }

    /// The full checks, from `start` to the end of the file.
    private func run(_ ledger: some LedgerStore, from start: Start) throws -> (report: VerificationReport, state: Authority) {
        var reader = try ledger.lines(after: start.head)
        let size = reader.endPosition
        let from = start.head?.endOffset ?? 0
        var pass = SequentialPass(authority: start.authority, config: ledger.config, after: start.head)
        let signaturesFrom = pass.count
        var jobs: [SignatureJob] = []
        var notes: [String] = []
        var lineFailure: VerificationFailure?
        var signatureFailure: VerificationFailure?
        var confirmed: (count: Int64, bytes: Int, head: ChainHead?) = (pass.count, from, start.head)
        var pending: [(seq: Int64, head: ChainHead)] = []
        var frontier = start.frontier
        let audit = start.audit
        var roots = start.roots
        var ahead = start.ahead
        // Signatures of one batch are checked on helper threads while this thread reads, parses and
        // chains the next, then joins them: at most two batches are in memory, no core runs two
        // threads, and the earliest failure still wins.
        var inFlight: (batch: SignatureBatch, pending: [(seq: Int64, head: ChainHead)])?

        /// Finishes the batch in flight and records its outcome.
        func settle() {
            guard let flight = inFlight else { return }
            inFlight = nil
            if let bad = flight.batch.finish() {
                signatureFailure = VerificationFailure(
                    seq: bad.seq, offset: bad.offset, byteOffset: bad.offset, code: .signature,
                    reason: bad.key.signatureFormProblem(bad.signature).map {
                        "signature of key \(bad.key.id.short)… is not in its one accepted spelling (\($0)); anyone can re-spell "
                            + "a signature without the key, and every spelling would give the entry another hash"
                    } ?? "signature does not verify with key \(bad.key.id.short)…: the entry's bytes changed after "
                        + "signing, or another key signed it")
                if let last = flight.pending.last(where: { $0.seq < bad.seq }) {
                    confirmed = (last.seq + 1, last.head.endOffset, last.head)
                }
            } else if let last = flight.pending.last {
                confirmed = (last.seq + 1, last.head.endOffset, last.head)
            }
            progress?(VerificationProgress(entries: confirmed.count, bytes: confirmed.bytes, totalBytes: size))
        }

        /// Hands the collected jobs to the helpers, after the batch before them is settled.
        func flush() {
            settle()
            guard signatureFailure == nil, !jobs.isEmpty else { return }
            inFlight = (SignatureBatch(jobs, lanes: workers), pending)
            jobs.removeAll(keepingCapacity: true)
            pending.removeAll(keepingCapacity: true)
        }

        scan: while let item = try reader.next() {
            switch item {
            case let .line(offset, bytes):
                switch pass.check(line: bytes, at: offset) {
                case let .failure(failure):
                    lineFailure = failure
                    break scan
                case let .success((job, head)):
                    ahead.see(seq: head.seq, time: head.time)
                    let leaf = MerkleHash.leaf(bytes)
                    frontier.append(leaf)
                    audit?.check(leaf: leaf)
                    if rootsAt.contains(frontier.size) { roots[frontier.size] = frontier.root }
                    jobs.append(job)
                    pending.append((job.seq, head))
                    if jobs.count >= batchSize {
                        flush()
                        if signatureFailure != nil { break scan }
                    }
                }
            case let .oversized(offset):
                lineFailure = pass.failure(at: offset, .tooLarge,
                                           "line longer than the \(EntryLimits.maxEntryBytes)-byte entry limit")
                break scan
            case let .incomplete(offset, length):
                // A writer may hold the lock, or may have finished the line since it was read.
                if ledger.hasActiveWriter || (try? ledger.lineCompleted(at: offset)) == true {
                    notes.append("an append was in progress: \(length) bytes at offset \(offset) were not yet a complete entry and were not checked")
                } else {
                    lineFailure = pass.failure(at: offset, .incomplete,
                        "\(length) bytes after the last newline form no complete entry: a write cut short by a crash, "
                        + "or a truncated copy; `tierledger recover` moves them to quarantine/")
                }
            }
        }
        if signatureFailure == nil { flush() }
        settle()
        if lineFailure == nil && signatureFailure == nil && pass.head == nil {
            lineFailure = VerificationFailure(seq: 0, offset: 0, byteOffset: 0, code: .empty,
                                              reason: "the ledger has no entries: entry 0 (\(EntryType.genesis)) is missing")
        }
        let failure = signatureFailure ?? lineFailure
        let verified = failure == nil ? pass.count : confirmed.count
        roots = roots.filter { $0.key <= verified }
        var rootHash: Digest? = nil
        if failure == nil {
            rootHash = frontier.root
            if let audit, !audit.finish() { notes.append(rebuildTreeCache(ledger, reason: audit.firstMismatch)) }
            if let note = ahead.note { notes.append(note) }
        }
        let report = VerificationReport(origin: ledger.config.origin, verifiedEntries: verified,
                                        verifiedBytes: failure == nil ? (pass.head?.endOffset ?? 0) : confirmed.bytes,
                                        head: failure == nil ? pass.head : confirmed.head, failure: failure, notes: notes,
                                        rootHash: rootHash, rootsAtSizes: roots, signaturesCheckedFrom: signaturesFrom)
        return (report, pass.authority)
    }

    /// The node cache did not match the entries exactly: rebuild it now if no writer is active (every
    /// reader bypasses or corrects it meanwhile, and the next write rebuilds it otherwise).
    private func rebuildTreeCache(_ ledger: some LedgerStore, reason: String?) -> String {
        let rebuilt = (try? ledger.rebuildTreeCache()) != nil
        return "the Merkle node cache did not match the entries" + (reason.map { " (\($0))" } ?? "")
            + (rebuilt ? "; it was rebuilt from the entries" : "; the next write rebuilds it")
    }
}
