import ArgumentParser
import Governance
import GovernanceService
import Ledger

struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Record measured usage from CSV.",
        discussion: """
            Examples:
              tierledger usage import usage.csv --key telemetry.pem

            \(ExitStatusHelp.group)
            """,
        subcommands: [Import.self]
    )
}

extension UsageCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import usage rows as signed usage.record entries, all or nothing.",
            discussion: """
                The file starts with the header \(UsageCSV.header); dates are YYYY-MM-DD (inclusive), values whole \
                numbers, metrics those the policy declares (active-seats counts seats in use). Rows already recorded \
                with the same value are skipped, so re-importing a file records nothing new; the same license, metric \
                and period with another value is refused. A bad row is named by its line and nothing is recorded. \
                Signed by telemetry, an operator or an admin.

                Examples:
                  tierledger usage import usage.csv --key telemetry.pem
                  tierledger usage import october.csv --key ops.pem --json

                \(ExitStatusHelp.writes)
                """
        )

        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv"), completion: .file()) var file: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let state = try writer.service.state()
            var plan: UsageImport
            do {
                plan = try UsageImport(state: state)
            } catch {
                throw CLIError(error.description, keeping: error)
            }
            // The file is read in blocks and checked row by row; the first bad row stops it before anything is written.
            do {
                try UsageCSV.read(file: file) { line, record in
                    do {
                        try plan.add(record, row: line)
                    } catch let refusal as UsageImport.Refusal {
                        throw CLIError("\(file):\(line): \(refusal.description); nothing was recorded", keeping: refusal)
                    }
                }
            } catch let error as UsageCSV.LineError {
                throw CLIError("\(file)" + (error.line > 0 ? ":\(error.line)" : "") + ": \(error.message); nothing was recorded", keeping: error)
            }
            let (fresh, skipped, rows) = (plan.fresh, plan.skipped, plan.rows)
            guard !fresh.isEmpty else {
                Console.out("nothing new: all \(Count.text(Int64(rows))) rows were already recorded")
                return
            }
            let result = try writer.record { try writer.service.record(plan.drafts, $0) }.recorded
            guard let first = result.entries.first, let last = result.entries.last else { return }
            if json {
                Console.exact(JSONOutput.line(["recorded": .integer(Int64(fresh.count)), "skipped": .integer(Int64(skipped)),
                                             "first_seq": .integer(first.entry.seq), "last_seq": .integer(last.entry.seq),
                                             "last_hash": .string(last.hash.hex)]))
            } else {
                let entries = first.entry.seq == last.entry.seq ? "entry \(first.entry.seq)" : "entries \(first.entry.seq) to \(last.entry.seq)"
                Console.out("recorded \(Count.text(Int64(fresh.count))) row\(fresh.count == 1 ? "" : "s") in \(entries); skipped \(Count.text(Int64(skipped))) already recorded")
            }
        }
    }
}
