import ArgumentParser
import Ledger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the whole ledger offline; name the first bad entry and byte.",
        discussion: """
            Checks every entry: canonical RFC 8785 form, sequence numbers, the hash chain (prev), time \
            never going backwards, that each signer's key was enrolled by an earlier entry, that \
            ledger.json agrees with entry 0, and every signature (on all cores). Reads with bounded memory.

            Exit status: 0 intact, 1 integrity failure, 2 usage or input error.
            """
    )

    @OptionGroup var location: LedgerOptions

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: .long, help: "No progress line on the terminal.")
    var quiet = false

    func run() throws {
        let ledger = try location.open()
        let line = ProgressLine(quiet: quiet || json)
        let verifier = Verifier(authority: KeyRegistry()) { progress in
            line.update(items: progress.entries, itemName: "entries", done: progress.bytes, total: progress.totalBytes)
        }
        let (report, registry) = try verifier.verify(ledger)
        line.finish()
        if json {
            Console.out(JSONOutput.line(VerifyOutput.json(report, keys: registry.keys.count)))
        } else {
            VerifyOutput.printHuman(report, keys: registry.keys.count, directory: ledger.paths.root)
        }
        if !report.isIntact { throw ExitStatus.integrityFailure }
    }
}

/// How `verify` reports.
enum VerifyOutput {
    static func json(_ report: VerificationReport, keys: Int) -> [String: JSONValue] {
        var out: [String: JSONValue] = [
            "intact": .bool(report.isIntact),
            "origin": .string(report.origin),
            "verified_entries": .integer(report.verifiedEntries),
            "verified_bytes": .integer(Int64(report.verifiedBytes)),
            "keys": .integer(Int64(keys)),
            "notes": .array(report.notes.map { .string($0) }),
        ]
        if let head = report.head {
            out["head"] = .object(["seq": .integer(head.seq), "hash": .string(head.hash.hex), "time": .string(head.time.rfc3339)])
        }
        if let failure = report.failure {
            out["failure"] = .object([
                "seq": .integer(failure.seq),
                "offset": .integer(Int64(failure.offset)),
                "byte_offset": .integer(Int64(failure.byteOffset)),
                "code": .string(failure.code.rawValue),
                "reason": .string(failure.reason),
            ])
        }
        return out
    }

    static func printHuman(_ report: VerificationReport, keys: Int, directory: String) {
        if let failure = report.failure {
            Console.out("FAILED: \(directory) (origin \(report.origin))")
            Console.out("  first bad entry: \(failure.seq) at byte offset \(failure.offset)")
            if failure.byteOffset != failure.offset {
                Console.out("  first bad byte:  \(failure.byteOffset)")
            }
            Console.out("  check:           \(failure.code.rawValue)")
            Console.out("  reason:          \(failure.reason)")
            Console.out("  verified before it: \(report.verifiedEntries) entries (\(report.verifiedBytes) bytes)")
        } else {
            Console.out("intact: \(directory) (origin \(report.origin))")
            Console.out("  entries: \(report.verifiedEntries) (\(report.verifiedBytes) bytes), \(keys) signing keys enrolled")
            if let head = report.head {
                Console.out("  head:    entry \(head.seq), sha256 \(head.hash.hex), \(head.time)")
            }
        }
        for note in report.notes { Console.out("  note: \(note)") }
    }
}
