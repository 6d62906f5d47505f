import ArgumentParser
import Governance
import GovernanceService
import Foundation
import Ledger
import LedgerCrypto

struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append one raw typed entry (for integrations and tests).",
        discussion: """
            The body is a JSON object, given inline or as @FILE. Numbers must be integers. The signing key \
            must be the current key of a principal with the operator or admin role (or telemetry, for \
            usage.* types). The entry is on stable storage before this prints its sequence number.

            With --batch FILE (or - for standard input), every line is a JSON object {"type": ..., "body": {...}}; \
            the whole batch is checked first, then written as one durable unit (one lock, one fsync): a bad line \
            is reported with its number and nothing from the batch is written.

            Examples:
              tierledger append --type license.note --key ops.pem \\
                  --body '{"customer":"acme","seats":25}'
              tierledger append --type license.note --body @note.json --key ops.pem
              tierledger append --batch usage.jsonl --key ops.pem --json
              tierledger append --server http://127.0.0.1:8080 --type license.note \\
                  --body '{"customer":"acme"}' --key ops.pem

            \(ExitStatusHelp.writes)
            """
    )

    @OptionGroup var location: LedgerOptions
    @OptionGroup var remote: ServerOptions

    @Option(name: .long, help: ArgumentHelp("Entry type: lowercase words joined by '.' or '-', e.g. usage.snapshot.", valueName: "type"))
    var type: String?

    @Option(name: .long, help: ArgumentHelp("The body: a JSON object, or @FILE to read it from a file.", valueName: "json|@file"))
    var body: String?

    @Option(name: .long, help: ArgumentHelp("Append every line of FILE (or - for stdin) as one all-or-nothing batch.", valueName: "file"),
            completion: .file())
    var batch: String?

    @OptionGroup var signing: SigningKeyOptions
    @OptionGroup var waiting: WaitOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Flag(name: .long, help: "No progress on the terminal for --batch.")
    var quiet = false

    func validate() throws {
        if batch != nil {
            guard type == nil, body == nil else { throw ValidationError("--batch takes the types and bodies from its lines; drop --type and --body") }
        } else {
            guard type != nil, body != nil else { throw ValidationError("give --type and --body, or --batch FILE") }
        }
    }

    func run() throws {
        let drafts: [EntryDraft]
        var lines: [Int] = []
        if let batch {
            (drafts, lines) = try BatchInput.read(batch)
        } else if let type, let body {
            drafts = [EntryDraft(type: type, body: try BodyInput.parse(body))]
        } else {
            return
        }
        if let url = remote.url {
            try printRemote(try RemoteAppend.run(drafts, url: url, signing: signing))
            return
        }
        let writer = try GovernedWriter(location, signing, waiting)
        let result: Recorded
        do {
            let line = ProgressLine(quiet: quiet || json || drafts.count < 2)
            defer { line.finish() }
            result = try writer.record { signing in
                try writer.service.record(drafts, signing) { done in
                    line.update(items: Int64(done), itemName: "entries signed", done: done, total: drafts.count)
                }
            }.recorded
        } catch let LedgerError.rejectedInBatch(index, reason, code) where index < lines.count {
            throw CLIError("\(batch == "-" ? "standard input" : batch ?? ""):\(lines[index]): refused: \(reason); nothing from the batch was written",
                           code: code)
        }
        if batch != nil, let first = result.entries.first, let last = result.entries.last {
            if json {
                Console.exact(JSONOutput.line(["first_seq": .integer(first.entry.seq), "last_seq": .integer(last.entry.seq),
                                             "count": .integer(Int64(result.entries.count)), "last_hash": .string(last.hash.hex)]))
            } else {
                Console.out("appended entries \(first.entry.seq) to \(last.entry.seq) (\(Count.text(Int64(result.entries.count))) entries) as one durable batch")
            }
            return
        }
        guard let stored = result.entries.first else { return }
        if json {
            Console.exact(JSONOutput.line(["seq": .integer(stored.entry.seq), "hash": .string(stored.hash.hex),
                                         "time": .string(stored.entry.time.rfc3339)]))
        } else {
            Console.out("appended entry \(stored.entry.seq) (\(stored.entry.type)), sha256 \(stored.hash.hex)")
        }
    }
}

extension Append {
    /// What `--server` stored, printed as a local append prints it.
    func printRemote(_ written: [(seq: Int64, hash: String, line: [UInt8])]) throws {
        guard let first = written.first, let last = written.last else { return }
        if batch != nil {
            if json {
                Console.exact(JSONOutput.line(["first_seq": .integer(first.seq), "last_seq": .integer(last.seq),
                                             "count": .integer(Int64(written.count)), "last_hash": .string(last.hash)]))
            } else {
                Console.out("appended entries \(first.seq) to \(last.seq) (\(Count.text(Int64(written.count))) entries) as one durable batch")
            }
            return
        }
        let entry = try EntryDecoder.decode(first.line)
        if json {
            Console.exact(JSONOutput.line(["seq": .integer(first.seq), "hash": .string(first.hash), "time": .string(entry.time.rfc3339)]))
        } else {
            Console.out("appended entry \(first.seq) (\(entry.type)), sha256 \(first.hash)")
        }
    }
}

/// Reading an entry body from an argument: inline JSON or @FILE.
enum BodyInput {
    /// What a body looks like, for error messages.
    static let expectedForm = #"give a JSON object, e.g. --body '{"customer":"acme","seats":25}', or --body @FILE to read one from a file"#

    static func parse(_ argument: String) throws -> JSONValue {
        let bytes: [UInt8]
        let source: String
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            source = path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(path): cannot read the body file", code: .commandLineUnreadable)
            }
            guard data.count <= EntryLimits.maxEntryBytes else {
                throw CLIError("\(path): \(data.count) bytes, over the \(EntryLimits.maxEntryBytes)-byte entry limit")
            }
            bytes = [UInt8](data)
            // Checked before parsing, so that no byte anywhere in the file is silently replaced.
            if let offset = UTF8Check.firstInvalidByte(in: bytes) {
                throw CLIError("\(path): byte \(offset) is not valid UTF-8; an entry body is UTF-8 JSON, so nothing was signed or written")
            }
        } else {
            bytes = Array(argument.utf8)
            source = "--body"
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            switch error.code {
            case .unexpectedByte, .unexpectedEnd, .trailingData, .badEscape, .controlCharacter:
                throw CLIError("\(source) is not JSON (\(error)); \(expectedForm)")
            default:
                // JSON, but not what an entry may hold: fractions, numbers beyond ±(2^53−1), repeated names, …
                throw CLIError("\(source): \(error); bodies are JSON objects with integers only")
            }
        }
        guard case .object = value else { throw CLIError("\(source): the body must be a JSON object ({...}), not another JSON value; \(expectedForm)") }
        return value
    }
}

/// Finding bytes that are not UTF-8.
enum UTF8Check {
    /// The offset of the first byte that does not belong to a valid UTF-8 sequence, or nil.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

/// Reading a batch: JSON lines of {"type": ..., "body": {...}}, every line checked before anything is written.
enum BatchInput {
    /// Most entries in one batch: bounds memory, since the batch is checked whole before it is written.
    static let maxEntries = 100_000

    /// The drafts, and the line number each came from.
    static func read(_ source: String) throws -> ([EntryDraft], [Int]) {
        let data: Data
        if source == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: source) else { throw CLIError("\(source): cannot read the batch file", code: .commandLineUnreadable) }
            data = contents
        }
        let name = source == "-" ? "standard input" : source
        var drafts: [EntryDraft] = []
        var numbers: [Int] = []
        for (index, line) in [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard drafts.count < maxEntries else {
                throw CLIError("\(name): more than \(maxEntries) entries; split the batch (nothing was written)")
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(Array(line))
            } catch {
                throw CLIError("\(name):\(number): invalid JSON \(error); nothing from the batch was written")
            }
            guard case let .object(members) = value, let type = members["type"]?.stringValue, let body = members["body"],
                  case .object = body, members.count == 2
            else {
                throw CLIError("\(name):\(number): each line must be {\"type\": \"...\", \"body\": {...}}; nothing from the batch was written")
            }
            guard EntryType.isValid(type) else {
                throw CLIError("\(name):\(number): entry type \"\(type)\" must be lowercase words joined by '.' or '-'; nothing was written")
            }
            drafts.append(EntryDraft(type: type, body: body))
            numbers.append(number)
        }
        guard !drafts.isEmpty else { throw CLIError("\(name): the batch is empty") }
        return (drafts, numbers)
    }
}
