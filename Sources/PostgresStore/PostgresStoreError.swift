import LedgerCrypto

/// What went wrong talking to PostgreSQL. Every message names the ledger (its URL without the
/// password) and says what to do; errors about the ledger itself (locked, damaged, no such entry) are
/// `LedgerError`s, as from every store.
public enum PostgresStoreError: CodedError, CustomStringConvertible, Sendable, Equatable {
    /// A `postgres://` URL that cannot be used.
    case badURL(url: String, reason: String)
    /// The server could not be reached, or refused the login.
    case connection(location: String, reason: String)
    /// A statement failed on the server.
    case query(location: String, statement: String, reason: String)
    /// The tables hold something this version cannot read (a newer schema, a half-made ledger).
    case schema(location: String, reason: String)
    /// The database holds no ledger of that name.
    case noSuchLedger(location: String)
    /// `init` found a ledger of that name already there.
    case ledgerExists(location: String)
    /// Another writer appended without taking the writer lock; nothing of this batch was written.
    case lostRace(location: String, seq: Int64)

    public var errorCode: ErrorCode {
        switch self {
        case .badURL: return .postgresBadURL
        case .connection: return .postgresConnection
        case .query: return .postgresQuery
        case .schema: return .postgresSchema
        case .noSuchLedger: return .postgresNoSuchLedger
        case .ledgerExists: return .postgresLedgerExists
        case .lostRace: return .postgresLostRace
        }
    }

    public var description: String {
        switch self {
        case let .badURL(url, reason):
            return "\(url): \(reason); the form is postgres://USER@HOST:PORT/DATABASE?ledger=NAME "
                + "(the password from PGPASSWORD, not the URL)"
        case let .connection(location, reason):
            return "\(location): cannot connect: \(reason); check that the server runs and accepts this user "
                + "(pg_hba.conf), and that PGPASSWORD is set if it asks for a password"
        case let .query(location, statement, reason):
            return "\(location): \(statement) failed: \(reason)"
        case let .schema(location, reason):
            return "\(location): \(reason)"
        case let .noSuchLedger(location):
            return "\(location): no such ledger in this database; create it with `tierledger init --ledger \(location) ...`, "
                + "or name an existing one with ?ledger=NAME"
        case let .ledgerExists(location):
            return "\(location): a ledger of that name already exists in this database; choose another ?ledger=NAME"
        case let .lostRace(location, seq):
            return "\(location): entry \(seq) was written meanwhile by a writer that did not take the writer lock; "
                + "nothing of this batch was written; read the head again and rebuild the entries on it"
        }
    }
}
