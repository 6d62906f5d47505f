import ArgumentParser
import Governance
import Ledger
import Samples

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Build a realistic, reproducible demo ledger.",
        discussion: """
            Examples:
              tierledger sample generate --out /tmp/acme --seed 2026

            \(ExitStatusHelp.group)
            """,
        subcommands: [Generate.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A year of a license book: 120 customers through the approval rules, usage, SLA records, checkpoints.",
            discussion: """
                Writes DIR/ledger and DIR/keys. The same seed and policies give the same bytes. The keys are DEMO keys \
                derived from the seed (keys/DEMO-ONLY-*.pem): anyone can recompute them, so they must never sign anything real.

                Examples:
                  tierledger sample generate --out /tmp/acme --seed 2026
                  tierledger sample generate --out demo --policies policies --quiet

                \(ExitStatusHelp.plain)
                """)
        @Option(name: .long, help: ArgumentHelp("An empty or new directory.", valueName: "dir"), completion: .directory) var out: String
        @Option(name: .long, help: ArgumentHelp("The random seed.", valueName: "n")) var seed: UInt64 = 2026
        @Option(name: .long, help: ArgumentHelp("The policy directory (tiers.yaml, approvals.yaml).", valueName: "dir"), completion: .directory)
        var policies = "policies"
        @Flag(name: .long, help: "No progress on the terminal.") var quiet = false

        func run() throws {
            let policy = try PolicyCommand.load(policies)
            let line = ProgressLine(quiet: quiet)
            let count = try SampleLedger(seed: seed, policy: policy).generate(into: out, store: FileLedger.Factory(directory: out + "/ledger")) { seq in
                line.update(items: seq, itemName: "entries", done: 0, total: 0)
            }
            line.finish()
            Console.out("wrote \(count) entries to \(out)/ledger and the demo keys to \(out)/keys (seed \(seed))")
        }
    }
}
