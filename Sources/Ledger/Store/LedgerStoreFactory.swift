import LedgerCrypto

/// Makes new ledgers in one kind of store: what `init` and the sample generator are handed, so that
/// they create a ledger without naming the store.
public protocol LedgerStoreFactory: Sendable {
    /// Where the new ledger will be, for messages.
    var location: String { get }
    /// Creates the ledger with its genesis entry (which enrols `admin` under `adminName` and names the
    /// log key), durable before this returns; fails, creating nothing, if a ledger is already there.
    func create(origin: String, admin: PrivateKey, adminName: String, logKey: PublicKey, time: EntryTime,
                future: FutureTimes) throws -> (store: any LedgerStore, genesis: StoredEntry)
}
