import ArgumentParser
import Ledger

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List entries.",
        discussion: """
            Without --json: one line per entry (seq, time, type, signer, body). With --json: the stored \
            lines themselves, byte for byte (JSON Lines). Entries are decoded but not verified; run \
            `tierledger verify` for that.

            Examples:
              tierledger log
              tierledger log --from 10 --to 20 --type license.note
              tierledger log --json --from 10 --to 10 > entry-10.jsonl

            \(ExitStatusHelp.reads)
            """
    )

    @OptionGroup var location: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("First sequence number to show.", valueName: "seq"))
    var from: Int64 = 0

    @Option(name: .long, help: ArgumentHelp("Last sequence number to show.", valueName: "seq"))
    var to: Int64?

    @Option(name: .long, help: ArgumentHelp("Only entries of this type.", valueName: "type"))
    var type: String?

    @Flag(name: .long, help: "Print the entries as stored (canonical JSON, one per line).")
    var json = false

    func validate() throws {
        guard from >= 0 else { throw ValidationError("--from must be 0 or more") }
        if let to, to < from { throw ValidationError("--to (\(to)) must not be less than --from (\(from))") }
    }

    func run() throws {
        let ledger = try location.open()
        var entries = try ledger.entries(from: from)
        while let stored = try entries.nextOrThrow() {
            let entry = stored.entry
            if let to, entry.seq > to { break }
            if let type, entry.type != type { continue }
            if json {
                Console.exact(String(decoding: entry.canonicalBytes, as: UTF8.self))
            } else {
                var body = String(decoding: CanonicalJSON.encode(entry.body), as: UTF8.self)
                if body.count > 100 { body = String(body.prefix(99)) + "…" }
                Console.out("\(entry.seq)\t\(entry.time)\t\(entry.type)\t\(entry.signer.short)\t\(body)")
            }
        }
    }
}
