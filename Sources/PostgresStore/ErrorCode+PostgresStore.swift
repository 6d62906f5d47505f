import LedgerCrypto

/// The codes of the PostgreSQL store's errors (`PGS-…`). Errors about the ledger itself (locked,
/// damaged, no such entry) are `LedgerError`s with `LDG-…` codes, as from every store.
extension ErrorCode {
    /// A `postgres://` URL that cannot be used.
    public static let postgresBadURL = ErrorCode("PGS-001", .input,
        remedy: "give postgres://USER@HOST:PORT/DATABASE?ledger=NAME, with the password in PGPASSWORD")
    /// The server could not be reached, or refused the login.
    public static let postgresConnection = ErrorCode("PGS-002", .unavailable,
        remedy: "check that the server runs, accepts this user (pg_hba.conf), and that PGPASSWORD is set if it asks for one")
    /// A statement failed on the server.
    public static let postgresQuery = ErrorCode("PGS-003", .unavailable,
        remedy: "read the server's reason in the message and its log; retry once the cause is fixed")
    /// The tables hold something this version cannot read.
    public static let postgresSchema = ErrorCode("PGS-004", .integrity,
        remedy: "use the tierledger version that made the tables, or restore them from a backup (docs/operations.md)")
    /// No ledger of that name in the database.
    public static let postgresNoSuchLedger = ErrorCode("PGS-005", .notFound,
        remedy: "create it with `tierledger init --ledger URL`, or name an existing one with ?ledger=NAME")
    /// `init` found a ledger of that name already there.
    public static let postgresLedgerExists = ErrorCode("PGS-006", .conflict,
        remedy: "choose another ?ledger=NAME")
    /// Another writer appended without taking the writer lock; nothing of the batch was written.
    public static let postgresLostRace = ErrorCode("PGS-007", .conflict,
        remedy: "read the head again and rebuild the entries on it; find the writer that bypasses the lock")
}
