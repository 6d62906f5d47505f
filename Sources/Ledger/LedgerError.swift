import LedgerCrypto

/// Everything that can go wrong in the Ledger module other than an integrity failure (which
/// `verify` reports as a `VerificationFailure`). Each message says what to do next; each case has
/// a stable code (`LDG-…`, or the code of the rule that refused an entry).
public enum LedgerError: CodedError {
    /// A system call failed on a file.
    case io(path: String, operation: String, errno: Int32)
    /// The directory holds no ledger.
    case notALedger(path: String)
    /// `init` was pointed at a directory that already holds something.
    case alreadyExists(path: String)
    /// `ledger.json` is unreadable or inconsistent.
    case badConfig(path: String, reason: String)
    /// Another process holds the writer lock.
    case locked(path: String, holder: String)
    /// A stored entry could not be read back while preparing a write: the ledger is damaged.
    case damaged(seq: Int64?, offset: Int, reason: String)
    /// The entry to append breaks a rule (authority, type, size); nothing was written. `code` is
    /// the rule's (an `AuthorityViolation`'s), else `LDG-007`.
    case rejected(reason: String, code: ErrorCode = .ledgerRejected)
    /// Item `index` (from 0) of a batch breaks a rule; nothing from the batch was written.
    case rejectedInBatch(index: Int, reason: String, code: ErrorCode = .ledgerRejected)
    /// The entries were built on a head that is no longer the ledger's (another writer appended).
    case headMoved(String)
    /// Bad input from the caller: a body, an origin, a range.
    case invalidInput(String)
    /// No entry has that sequence number.
    case noSuchEntry(seq: Int64, count: Int64)
    /// A key file is missing, unreadable, or too widely readable.
    case keyFile(path: String, reason: String)
    /// A checkpoint or proof does not check out.
    case checkpoint(String)
    /// The requested entry time is more than `FutureTimes.tolerance` past this machine's clock.
    case timeAhead(time: EntryTime, clock: EntryTime)

    public var description: String {
        switch self {
        case let .io(path, operation, code):
            return "\(path): \(operation) failed: \(POSIXText.message(code))"
        case let .notALedger(path):
            return "\(path) is not a ledger (no ledger.json); create one with `tierledger init`, "
                + "or point --ledger / TIERLEDGER_DIR at an existing one"
        case let .alreadyExists(path):
            return "\(path) already exists and is not empty; choose a new directory for the ledger"
        case let .badConfig(path, reason):
            return "\(path): \(reason)"
        case let .locked(path, holder):
            return "\(path) is locked by \(holder); wait for it to finish, or run without --no-wait to queue behind it"
        case let .damaged(seq, offset, reason):
            let at = seq.map { "entry \($0) at byte \(offset)" } ?? "byte \(offset)"
            return "the ledger is damaged at \(at): \(reason); run `tierledger verify` for details; nothing was written"
        case let .rejected(reason, _):
            return "refused: \(reason); nothing was written"
        case let .rejectedInBatch(index, reason, _):
            return "refused: batch item \(index + 1): \(reason); nothing from the batch was written"
        case let .invalidInput(reason), let .headMoved(reason):
            return reason
        case let .noSuchEntry(seq, count):
            return "no entry \(seq): the ledger holds entries 0 to \(count - 1)"
        case let .keyFile(path, reason):
            return "\(path): \(reason)"
        case let .checkpoint(reason):
            return reason
        case let .timeAhead(time, clock):
            return "the entry would be dated \(time), more than \(FutureTimes.tolerance / 60_000) minutes after this machine's clock "
                + "(\(clock)); since no later entry may be dated before it, nothing could be recorded until then. "
                + "Check the clock and the time you asked for; an import of records dated ahead must say so explicitly; nothing was written"
        }
    }

    public var errorCode: ErrorCode {
        switch self {
        case .io: return .ledgerIO
        case .notALedger: return .ledgerNotALedger
        case .alreadyExists: return .ledgerAlreadyExists
        case .badConfig: return .ledgerBadConfig
        case .locked: return .ledgerLocked
        case .damaged: return .ledgerDamaged
        case let .rejected(_, code), let .rejectedInBatch(_, _, code): return code
        case .headMoved: return .ledgerHeadMoved
        case .invalidInput: return .ledgerInvalidInput
        case .noSuchEntry: return .ledgerNoSuchEntry
        case .keyFile: return .ledgerKeyFile
        case .checkpoint: return .ledgerCheckpoint
        case .timeAhead: return .ledgerTimeAhead
        }
    }
}
