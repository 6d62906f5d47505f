import Ledger
import LedgerCrypto
import PostgresStore
import Testing
import TestSupport

/// PostgreSQL ledgers for the conformance suite, each a new ledger in the test process's one
/// throwaway cluster (`PostgresTestServer`).
struct PostgresStoreMaker: StoreMaker {
    var testDescription: String { "PostgreSQL store" }

    func make(origin: String, admin: PrivateKey) throws -> StoreUnderTest {
        let place = try PostgresLocation(url: try PostgresTestServer.newLedgerURL("conformance"))
        let store = try PostgresLedger.Factory(place: place).create(
            origin: origin, admin: admin, adminName: "admin", logKey: admin.publicKey,
            time: EntryTime(milliseconds: 1_767_225_600_000) ?? .now(), future: .refused).store
        return StoreUnderTest(store: store, resources: nil)
    }

    func reopen(_ store: any LedgerStore) throws -> any LedgerStore {
        try PostgresLedger.open(url: store.location)
    }
}
