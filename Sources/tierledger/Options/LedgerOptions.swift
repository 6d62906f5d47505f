import ArgumentParser
import Foundation
import GovernanceService
import Ledger
import PostgresStore

/// `--ledger DIR|URL`, shared by every command that reads or writes a ledger.
struct LedgerOptions: ParsableArguments {
    @Option(name: [.long, .customLong("store")],
            help: ArgumentHelp("The ledger: a directory, or postgres://USER@HOST:PORT/DB?ledger=NAME (default: $TIERLEDGER_DIR, else ./ledger).",
                               valueName: "dir|url"),
            completion: .directory)
    var ledger: String?

    /// The directory or URL to use.
    var directory: String {
        ledger ?? ProcessInfo.processInfo.environment["TIERLEDGER_DIR"] ?? "./ledger"
    }

    /// The store: with `factory()`, the one place the command line chooses one. A `postgres://` URL
    /// names a ledger in PostgreSQL (its password from PGPASSWORD); anything else is a directory.
    func open() throws -> any LedgerStore { try Self.open(directory) }

    /// Makes the ledger `init` creates, where `open()` will find it.
    func factory() throws -> any LedgerStoreFactory { try Self.factory(directory) }

    /// The store a directory or `postgres://` URL names.
    static func open(_ place: String) throws -> any LedgerStore {
        if PostgresLocation.isURL(place) { return try PostgresLedger.open(url: place) }
        return try FileLedger.open(place)
    }

    /// Makes a new ledger at a directory or `postgres://` URL (also from another ledger's lines).
    static func factory(_ place: String) throws -> any LedgerStoreImporting {
        if PostgresLocation.isURL(place) { return PostgresLedger.Factory(place: try PostgresLocation(url: place)) }
        return FileLedger.Factory(directory: place)
    }

    /// The governed ledger over `open()`.
    func service() throws -> GovernanceService { GovernanceService(store: try open()) }
}
