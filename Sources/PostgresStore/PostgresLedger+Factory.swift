import Ledger
import LedgerCrypto
import PostgresNIO

extension PostgresLedger {
    /// Makes ledgers in a PostgreSQL database, installing the schema (docs/format.md §12) the
    /// first time.
    public struct Factory: LedgerStoreImporting {
        public let place: PostgresLocation

        public init(place: PostgresLocation) { self.place = place }

        public var location: String { place.description }

        /// Creates the ledger's row and its genesis entry in one transaction: either both exist
        /// afterwards, committed, or neither.
        public func create(origin: String, admin: PrivateKey, adminName: String, logKey: PublicKey, time: EntryTime,
                           future: FutureTimes) throws -> (store: any LedgerStore, genesis: StoredEntry) {
            try future.check(time, clock: .now())
            guard Genesis.isValidName(adminName) else {
                throw LedgerError.invalidInput("admin name \"\(adminName)\" must be 1-64 letters, digits, '.', '_', '-', '@'")
            }
            let config = try LedgerConfig(origin: origin, logKey: logKey)
            let genesis = Genesis(origin: origin, logKey: logKey, adminName: adminName, adminKey: admin.publicKey)
            let links = try Chain.extend(after: nil, with: [EntryDraft(type: EntryType.genesis, body: genesis.body)],
                                         signedBy: admin, at: time)
            guard let link = links.first else { throw LedgerError.rejected(reason: "the genesis entry was not made") }
            let store = try make(config: config, genesis: link)
            return (store, StoredEntry(entry: link.entry, offset: 0, length: link.line.count, hash: link.hash))
        }

        /// Creates the ledger's row holding `genesis`, the first entry of a ledger whose config is `config`.
        public func create(config: LedgerConfig, genesis: Chain.Link) throws -> any LedgerStore {
            try make(config: config, genesis: genesis)
        }

        private func make(config: LedgerConfig, genesis link: Chain.Link) throws -> PostgresLedger {
            let connections = Connections(location: place)
            let id = try connections.withConnection { connection -> Int32 in
                for statement in ["BEGIN"] + PostgresSchema.statements + ["COMMIT"] {
                    _ = try connections.run(PostgresQuery(unsafeSQL: statement), on: connection, "installing the tierledger schema")
                }
                let rows = try connections.run("""
                    WITH made AS (
                        INSERT INTO tierledger.ledgers (name, config) VALUES (\(place.ledger), \(ByteBuffer(bytes: config.fileBytes)))
                        RETURNING id)
                    , leaf AS (
                        INSERT INTO tierledger.merkle_nodes (ledger, level, idx, hash)
                        SELECT id, 0, 0, \(ByteBuffer(bytes: MerkleHash.leaf(link.line).bytes)) FROM made)
                    INSERT INTO tierledger.entries (ledger, seq, byte_offset, line)
                    SELECT id, 0, 0, \(ByteBuffer(bytes: link.line)) FROM made RETURNING ledger
                    """, on: connection, "creating the ledger",
                    states: ["23505": PostgresStoreError.ledgerExists(location: place.description)])
                guard let row = rows.first else {
                    throw PostgresStoreError.schema(location: place.description, reason: "the ledger's row was not created")
                }
                return try PostgresLedger.value(row, as: Int32.self, place)
            }
            return PostgresLedger(place: place, config: config, id: id, connections: connections)
        }
    }
}
