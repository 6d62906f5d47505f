import LedgerCrypto

extension FileLedger {
    /// Makes file-store ledgers in a directory (which must not exist, or be empty).
    public struct Factory: LedgerStoreImporting {
        public let directory: String

        public init(directory: String) { self.directory = directory }

        public var location: String { directory }

        public func create(origin: String, admin: PrivateKey, adminName: String, logKey: PublicKey, time: EntryTime,
                           future: FutureTimes) throws -> (store: any LedgerStore, genesis: StoredEntry) {
            let made = try FileLedger.create(at: directory, origin: origin, admin: admin, adminName: adminName, logKey: logKey,
                                             time: time, future: future)
            return (made.ledger, made.genesis)
        }

        public func create(config: LedgerConfig, genesis: Chain.Link) throws -> any LedgerStore {
            try FileLedger.create(at: directory, config: config, genesis: genesis)
        }
    }
}
