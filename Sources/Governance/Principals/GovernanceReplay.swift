import Ledger

/// Replays a ledger's governance state up to a point: a sequence number, or a time.
public enum GovernanceReplay {
    /// A point in the ledger's history.
    public enum Point: Sendable {
        /// After entry `seq`.
        case seq(Int64)
        /// After the last entry whose time is at or before `time`.
        case time(EntryTime)
        /// After every entry.
        case end

        /// Parses `--as-of`: a sequence number, or an RFC 3339 time (a date alone means its end).
        public init?(_ text: String) {
            if let seq = Int64(text), seq >= 0 { self = .seq(seq); return }
            if let time = EntryTime(rfc3339: text) { self = .time(time); return }
            if text.utf8.count == 10, let end = EntryTime(rfc3339: text + "T23:59:59.999Z") { self = .time(end); return }
            return nil
        }
    }

    /// The state after `point`. Entries are decoded and run through the rules, not signature-checked
    /// (that is `verify`'s job); a rule broken on the way is reported as damage. Entries are decoded
    /// `readAhead` at a time on every core; 0 decodes them one by one on this thread (as `make bench-count` counts it).
    public static func state(of ledger: any LedgerStore, at point: Point = .end, readAhead: Int = 512) throws -> GovernanceState {
        try walk(ledger, to: point, readAhead: readAhead)
    }

    /// Replays up to `point`, calling `willAdmit` with each entry and the state before it and
    /// `didAdmit` with the state after it: how reports see history without replaying it per entry.
    /// The callbacks must not keep the state they are given (a kept copy makes every later entry copy it).
    public static func walk(_ ledger: any LedgerStore, to point: Point = .end, readAhead: Int = 512,
                            willAdmit: (StoredEntry, GovernanceState) throws -> Void = { _, _ in },
                            didAdmit: (StoredEntry, GovernanceState) throws -> Void = { _, _ in }) throws -> GovernanceState {
        var state = GovernanceState()
        var entries = try ledger.entries(strict: false, readAhead: readAhead)
        while let stored = try entries.nextOrThrow() {
            let entry = stored.entry
            switch point {
            case let .seq(limit) where entry.seq > limit: return state
            case let .time(limit) where entry.time > limit: return state
            default: break
            }
            try willAdmit(stored, state)
            do {
                _ = try state.signingKey(for: entry)
                try state.admit(entry)
            } catch {
                throw LedgerError.damaged(seq: entry.seq, offset: stored.offset, reason: error.message)
            }
            try didAdmit(stored, state)
        }
        return state
    }
}
