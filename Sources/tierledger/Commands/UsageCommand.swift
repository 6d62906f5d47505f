import ArgumentParser
import Governance
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
            let key = try signing.load()
            let ledger = try location.open()
            let state = try GovernanceReplay.state(of: ledger)
            guard let catalog = state.policy?.set.catalog else { throw CLIError("no policy has been adopted; it declares the metrics") }
            let metrics = Set(catalog.metrics.map(\.id))
            var fresh: [UsageRecord] = []
            var seen: [String: Int] = [:]
            var skipped = 0
            var rows = 0
            // The file is read in blocks and checked row by row; the first bad row stops it before anything is written.
            do {
                try UsageCSV.read(file: file) { line, record in
                    func fail(_ text: String) -> CLIError { CLIError("\(file):\(line): \(text); nothing was recorded") }
                    rows += 1
                    guard state.licenses[record.license] != nil else { throw fail("no license \(record.license)") }
                    guard metrics.contains(record.metric) else {
                        throw fail("metric \(record.metric) is not declared (metrics: \(catalog.metrics.map(\.id).joined(separator: ", ")))")
                    }
                    if let first = seen[record.key] { throw fail("the same license, metric and period as line \(first)") }
                    seen[record.key] = line
                    if let existing = state.usage[record.license]?[record.metric]?.first(where: { $0.key == record.key }) {
                        guard existing.value == record.value else {
                            throw fail("already recorded as \(existing.value), not \(record.value); a recorded value is never replaced")
                        }
                        skipped += 1
                        return
                    }
                    fresh.append(record)
                }
            } catch let error as UsageCSV.LineError {
                throw CLIError("\(file)" + (error.line > 0 ? ":\(error.line)" : "") + ": \(error.message); nothing was recorded")
            }
            guard !fresh.isEmpty else {
                Console.out("nothing new: all \(Count.text(Int64(rows))) rows were already recorded")
                return
            }
            let drafts = stride(from: 0, to: fresh.count, by: UsageEntry.maxRecords).map {
                EntryDraft(type: UsageEntry.type, body: UsageEntry.body(Array(fresh[$0..<min($0 + UsageEntry.maxRecords, fresh.count)])))
            }
            let now = try Clock.now()
            let result = try ledger.append(drafts, signedBy: key, authority: GovernanceState(), wait: waiting.lockWait, at: now, future: Clock.future)
            if let tail = result.recoveredTail { Console.note("\(Describe.recovered(tail))") }
            Clock.noteIfRaised(requested: now, stored: result.entries)
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
