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
    func open() throws -> any LedgerStore {
        if PostgresLocation.isURL(directory) { return try PostgresLedger.open(url: directory) }
        return try FileLedger.open(directory)
    }

    /// Makes the ledger `init` creates, where `open()` will find it.
    func factory() throws -> any LedgerStoreFactory {
        if PostgresLocation.isURL(directory) { return PostgresLedger.Factory(place: try PostgresLocation(url: directory)) }
        return FileLedger.Factory(directory: directory)
    }

    /// The governed ledger over `open()`.
    func service() throws -> GovernanceService { GovernanceService(store: try open()) }
}
