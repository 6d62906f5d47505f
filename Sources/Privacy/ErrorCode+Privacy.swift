import LedgerCrypto

/// The codes of the Privacy module's errors (`PRV-…`): master keys, the key store, and the
/// privacy use-cases (docs/privacy.md).
extension ErrorCode {
    /// No master key was given.
    public static let privacyMasterKeyMissing = ErrorCode("PRV-001", .input,
        remedy: "give the master key with --master-key-file FILE or TIERLEDGER_MASTER_KEY (64 hex digits; `tierledger privacy master-key generate` makes one)")
    /// The master key is not 32 bytes of hex, or its file is unreadable or readable by others.
    public static let privacyMasterKeyMalformed = ErrorCode("PRV-002", .input,
        remedy: "give a file of mode 600 (or TIERLEDGER_MASTER_KEY) holding exactly 64 lowercase hex digits")
    /// The master key is not the one the key store was made with.
    public static let privacyWrongMasterKey = ErrorCode("PRV-003", .forbidden,
        remedy: "give the master key this key store was made with; nothing was decrypted")
    /// The ledger holds sealed fields but the key store does not exist.
    public static let privacyKeyStoreMissing = ErrorCode("PRV-004", .notFound,
        remedy: "restore the key store file (or give its place with --key-store); nothing was decrypted")
    /// The key store does not parse, or a wrapped key does not unwrap.
    public static let privacyKeyStoreDamaged = ErrorCode("PRV-005", .integrity,
        remedy: "restore the newest copy of the key store; nothing was decrypted")
    /// The key store and the ledger disagree: a key missing for data no erasure covers, or a key still held for an erased subject.
    public static let privacyKeyStoreStale = ErrorCode("PRV-006", .integrity,
        remedy: "restore the newest key store; for a key an erasure covers, run `tierledger privacy erase SUBJECT` again to destroy it")
    /// The ledger holds nothing about the subject named.
    public static let privacyUnknownSubject = ErrorCode("PRV-007", .notFound,
        remedy: "list the subjects with `tierledger privacy subjects`")
    /// The subject was already erased.
    public static let privacyAlreadyErased = ErrorCode("PRV-008", .conflict,
        remedy: "nothing to do: the subject's data key is gone and its erasure is recorded; a new record needs a new subject id")
    /// The key store could not be read or written.
    public static let privacyKeyStoreIO = ErrorCode("PRV-009", .unavailable,
        remedy: "check the key store's path, permissions and free space, then retry; an interrupted write leaves the previous key store whole")
    /// A sealed field does not open under its subject's key, or does not match its commitment.
    public static let privacySealedFieldDamaged = ErrorCode("PRV-010", .integrity,
        remedy: "run `tierledger verify`; if the ledger checks out, the key store holds another key for this subject: restore the right one")
    /// A subject id or request reference is not well formed.
    public static let privacyBadInput = ErrorCode("PRV-011", .input,
        remedy: "subject ids are 1–64 characters of a-z 0-9 . _ - (never a name or e-mail); request references 1–128 printable ASCII characters")
    /// No key store place could be derived (a ledger in PostgreSQL).
    public static let privacyKeyStorePlace = ErrorCode("PRV-012", .input,
        remedy: "give the key store file with --key-store FILE (or TIERLEDGER_KEY_STORE)")
}
