import LedgerCrypto

/// The codes of the Ledger module's errors (`LDG-…`).
extension ErrorCode {
    /// A system call failed on a file.
    public static let ledgerIO = ErrorCode("LDG-001", .unavailable,
        remedy: "check the path, its permissions and the free space, then retry")
    /// The directory holds no ledger.
    public static let ledgerNotALedger = ErrorCode("LDG-002", .notFound,
        remedy: "create one with `tierledger init`, or point --ledger / TIERLEDGER_DIR at an existing one")
    /// `init` was pointed at a directory that already holds something.
    public static let ledgerAlreadyExists = ErrorCode("LDG-003", .conflict,
        remedy: "choose a new, empty directory for the ledger")
    /// `ledger.json` is unreadable or inconsistent.
    public static let ledgerBadConfig = ErrorCode("LDG-004", .integrity,
        remedy: "restore ledger.json from a backup; run `tierledger verify` to see what else is damaged")
    /// Another process holds the writer lock.
    public static let ledgerLocked = ErrorCode("LDG-005", .unavailable,
        remedy: "wait for the other writer to finish, or run without --no-wait to queue behind it")
    /// A stored entry could not be read back: the ledger is damaged.
    public static let ledgerDamaged = ErrorCode("LDG-006", .integrity,
        remedy: "run `tierledger verify` to find the first bad entry; restore from a copy or a replica")
    /// The entry to append breaks a rule the Ledger module keeps (size, type); nothing was written.
    public static let ledgerRejected = ErrorCode("LDG-007", .input,
        remedy: "change the entry as the message says; nothing was written")
    /// Bad input from the caller: a body, an origin, a range.
    public static let ledgerInvalidInput = ErrorCode("LDG-008", .input,
        remedy: "correct the input as the message says")
    /// No entry has that sequence number.
    public static let ledgerNoSuchEntry = ErrorCode("LDG-009", .notFound,
        remedy: "ask for a sequence number below the ledger's size (`tierledger log` lists them)")
    /// A key file is missing, unreadable, or too widely readable.
    public static let ledgerKeyFile = ErrorCode("LDG-010", .input,
        remedy: "give a readable key file that only its owner can read (chmod 600)")
    /// A checkpoint or proof does not check out.
    public static let ledgerCheckpoint = ErrorCode("LDG-011", .integrity,
        remedy: "check that the checkpoint, proof and key belong to this ledger; if they do, the log was forked or rewritten")
    /// The requested entry time is too far past this machine's clock.
    public static let ledgerTimeAhead = ErrorCode("LDG-012", .input,
        remedy: "check the clock and the time asked for; an import of records dated ahead must say so explicitly")
    /// Another writer appended since the caller read the head; nothing was written.
    public static let ledgerHeadMoved = ErrorCode("LDG-013", .conflict,
        remedy: "read the new head and build the entries again on it")
    /// A piece of JSON is refused by the ledger's JSON rules.
    public static let ledgerJSON = ErrorCode("LDG-014", .input,
        remedy: "give JSON with integers only (within ±(2^53−1)), unique member names and valid UTF-8")
    /// A line is not a well-formed entry.
    public static let ledgerEntryForm = ErrorCode("LDG-015", .input,
        remedy: "write entries in the canonical form of docs/format.md §2; tierledger's own writers always do")
    /// A Merkle inclusion or consistency proof does not verify.
    public static let ledgerProof = ErrorCode("LDG-016", .integrity,
        remedy: "fetch the proof again for the same sizes and roots; if it still fails, the log is not the one the checkpoint commits to")
    /// A key descriptor (in an entry or the config) is refused.
    public static let ledgerKeyDescriptor = ErrorCode("LDG-017", .input,
        remedy: "write the key as {algorithm, key_id, spki} with the canonical SPKI and its SHA-256 as key_id")
    /// An entry fails verification.
    public static let ledgerVerification = ErrorCode("LDG-018", .integrity,
        remedy: "the entry named is damaged or forged: compare with a copy, a replica or a checkpoint held elsewhere")
    /// The signer's key is not enrolled, or is not the key the entry needs.
    public static let ledgerSignerNotEnrolled = ErrorCode("LDG-019", .forbidden,
        remedy: "sign with a key enrolled in this ledger (the admin key for ledger.init and key.enroll)")
    /// The genesis entry is missing, misplaced or malformed.
    public static let ledgerGenesis = ErrorCode("LDG-020", .input,
        remedy: "a ledger starts with exactly one ledger.init entry, made by `tierledger init`")
    /// A key.enroll body is malformed.
    public static let ledgerKeyEnrollBody = ErrorCode("LDG-021", .input,
        remedy: "write the body as {\"key\": {…}, \"label\": \"…\"}")
    /// The key is already enrolled.
    public static let ledgerKeyAlreadyEnrolled = ErrorCode("LDG-022", .conflict,
        remedy: "enrol a new key; a key is enrolled once")
}
