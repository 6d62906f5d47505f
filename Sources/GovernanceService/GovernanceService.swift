import Foundation
import Governance
import Ledger
import LedgerCrypto

/// The governed ledger as a front end uses it: the store, and the governance state replayed from it,
/// kept in memory and caught up with new entries only.
///
/// Every governed write goes through `record`: under the store's writer it catches the kept state
/// up with whatever others appended since (and only that), runs the new entries through the rules,
/// appends them, and keeps the state they leave. So a process replays the ledger at most once, and
/// a long-lived one (a server) replays nothing twice. Safe to share between threads: one lock
/// guards the kept state, and the store serialises writers.
///
/// A cold service starts from the newest state snapshot bound to a checkpoint signed by the log
/// key, when the store keeps snapshots and one checks out (`SnapshotStore.boundSnapshot`), and
/// catches up from its head; otherwise from entry 0.
public final class GovernanceService: @unchecked Sendable {
    public let store: any LedgerStore
    /// Whether a cold start may begin from a checkpoint-bound snapshot.
    public let snapshots: SnapshotUse
    private let lock = NSLock()
    private var known = AuthorityAt(GovernanceState())
    private var started = false
    private var startedFrom: Int64?

    public init(store: any LedgerStore, snapshots: SnapshotUse = .fromEnvironment) {
        self.store = store
        self.snapshots = snapshots
    }

    /// The entry after which the state was taken from a snapshot rather than replayed (nil when it
    /// was replayed from entry 0, or before the first call that reads the state).
    public var snapshotStart: Int64? {
        lock.lock()
        defer { lock.unlock() }
        return startedFrom
    }

    /// The governance state after the last complete entry.
    public func state() throws -> GovernanceState {
        try withKnown { known in
            known = try store.catchUp(known)
            return known.state
        }
    }

    /// Signs `drafts` with `key` and appends them after the rules accept them (nothing is written
    /// otherwise); returns the entries as stored and the state right after them.
    public func record(_ drafts: [EntryDraft], signedBy key: PrivateKey, at time: EntryTime, future: FutureTimes = .refused,
                       wait: LockWait = .noWait, progress: (Int) -> Void = { _ in }) throws -> Recorded {
        try withKnown { known in
            let result = try store.append(drafts, signedBy: key, after: known, wait: wait, at: time, future: future, progress: progress)
            known = result.state
            return Recorded(entries: result.entries, recoveredTail: result.recoveredTail, state: result.state.state)
        }
    }

    /// `record`, signed and dated as `signing` says.
    public func record(_ drafts: [EntryDraft], _ signing: Signing, progress: (Int) -> Void = { _ in }) throws -> Recorded {
        try record(drafts, signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait, progress: progress)
    }

    /// One governed entry: `record` of a single draft.
    public func record(_ type: String, _ body: JSONValue, signedBy key: PrivateKey, at time: EntryTime, future: FutureTimes = .refused,
                       wait: LockWait = .noWait) throws -> Recorded {
        try record([EntryDraft(type: type, body: body)], signedBy: key, at: time, future: future, wait: wait)
    }

    func withKnown<R>(_ body: (inout AuthorityAt<GovernanceState>) throws -> R) throws -> R {
        lock.lock()
        defer { lock.unlock() }
        if !started {
            started = true
            if snapshots == .use, let snapshotStore = store as? any SnapshotStore,
               let bound = snapshotStore.boundSnapshot(decode: { bytes in
                   let snapshot = try GovernanceSnapshot(decoding: bytes)
                   return (snapshot.state, snapshot.seq, snapshot.hash)
               }) {
                known = bound
                startedFrom = bound.head?.seq
            }
        }
        return try body(&known)
    }
}

/// What a governed write stored, and the state it left.
public struct Recorded: Sendable {
    public let entries: [StoredEntry]
    /// A torn tail a crash had left, set aside before the write.
    public let recoveredTail: TornTail?
    public let state: GovernanceState

    /// The single entry of a one-entry write.
    public var entry: StoredEntry? { entries.first }
}
