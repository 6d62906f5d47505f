import ArgumentParser
import Foundation
import GovernanceService
import Ledger

/// `--ledger DIR`, shared by every command that reads or writes a ledger.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger directory (default: $TIERLEDGER_DIR, else ./ledger).", valueName: "dir"),
            completion: .directory)
    var ledger: String?

    /// The directory to use.
    var directory: String {
        ledger ?? ProcessInfo.processInfo.environment["TIERLEDGER_DIR"] ?? "./ledger"
    }

    /// The store: with `factory()`, the one place the command line chooses one.
    func open() throws -> any LedgerStore { try FileLedger.open(directory) }

    /// Makes the ledger `init` creates, where `open()` will find it.
    func factory() -> any LedgerStoreFactory { FileLedger.Factory(directory: directory) }

    /// The governed ledger over `open()`.
    func service() throws -> GovernanceService { GovernanceService(store: try open()) }
}
