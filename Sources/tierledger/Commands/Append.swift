import ArgumentParser
import Governance
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

            Example: tierledger append --type license.note --body @note.json --key ops.pem
            """
    )

    @OptionGroup var location: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("Entry type: lowercase words joined by '.' or '-', e.g. usage.snapshot.", valueName: "type"))
    var type: String

    @Option(name: .long, help: ArgumentHelp("The body: a JSON object, or @FILE to read it from a file.", valueName: "json|@file"))
    var body: String

    @OptionGroup var signing: SigningKeyOptions
    @OptionGroup var waiting: WaitOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let bodyValue = try BodyInput.parse(body)
        let key = try signing.load()
        let ledger = try location.open()
        let result = try ledger.append([EntryDraft(type: type, body: bodyValue)], signedBy: key,
                                       authority: GovernanceState(), wait: waiting.lockWait)
        if let tail = result.recoveredTail { Console.note(Describe.recovered(tail)) }
        guard let stored = result.entries.first else { return }
        if json {
            Console.out(JSONOutput.line(["seq": .integer(stored.entry.seq), "hash": .string(stored.hash.hex),
                                         "time": .string(stored.entry.time.rfc3339)]))
        } else {
            Console.out("appended entry \(stored.entry.seq) (\(type)), sha256 \(stored.hash.hex)")
        }
    }
}

/// Reading an entry body from an argument: inline JSON or @FILE.
enum BodyInput {
    static func parse(_ argument: String) throws -> JSONValue {
        var text = argument
        var source = "--body"
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            source = path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(path): cannot read the body file")
            }
            guard data.count <= EntryLimits.maxEntryBytes else {
                throw CLIError("\(path): \(data.count) bytes, over the \(EntryLimits.maxEntryBytes)-byte entry limit")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        do {
            let value = try JSONParser.parse(Array(text.utf8))
            guard case .object = value else { throw CLIError("\(source): the body must be a JSON object ({...})") }
            return value
        } catch let error as JSONParseError {
            throw CLIError("\(source): invalid JSON \(error)")
        }
    }
}
