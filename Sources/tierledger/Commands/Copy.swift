import ArgumentParser
import Ledger

struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a ledger to another store, byte for byte; both must give the same Merkle root.",
        discussion: """
            Moves a ledger between the file store (a directory) and PostgreSQL (a postgres:// URL), in \
            either direction: every entry's exact line in order, re-chained on the way, and the saved \
            checkpoints. The copy is accepted only if both stores give the same Merkle root, so a checkpoint \
            signed on one verifies on the other. The destination must not exist yet. Signatures are not \
            checked here: run `tierledger verify` on the copy. In the examples PGLEDGER holds a URL such as \
            postgres://tierledger@db.example:5432/ledgers?ledger=licensing.

            Examples:
              tierledger copy --from ./ledger --to "$PGLEDGER"
              tierledger copy --from "$PGLEDGER" --to ./exported

            Exit status: 0 copied, 1 the source is damaged or the roots differ, 2 usage or input error \
            (a destination already there, a server that cannot be reached).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The ledger to copy: a directory or a postgres:// URL.", valueName: "dir|url"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("Where the copy goes (must not exist): a directory or a postgres:// URL.", valueName: "dir|url"))
    var to: String

    func run() throws {
        let source = try LedgerOptions.open(from)
        let (copy, outcome) = try LedgerCopy.copy(from: source, into: try LedgerOptions.factory(to))
        Console.out("copied \(outcome.entries) entries and \(outcome.checkpoints) checkpoints from \(source.location) to \(copy.location)")
        Console.out("Merkle root over \(outcome.entries) entries, the same in both: \(outcome.root.hex)")
    }
}
