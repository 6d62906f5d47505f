import ArgumentParser
import Governance
import Ledger
import Privacy

extension PrivacyCommand {
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a subject: destroy its data key, then record a privacy.erase entry.",
            discussion: """
                The key is destroyed first (the key store is rewritten atomically, keeping a tombstone), and only \
                then is the erasure recorded, so the ledger never records an erasure whose key still exists. If a \
                crash falls between the two, the subject shows as erasure-pending and running erase again records \
                it. Run on a key store restored from a backup older than an erasure, it destroys the key again and \
                records nothing new. The entry names the subject, the basis and the request, never the data. \
                Signed by an operator or an admin.

                Examples:
                  tierledger privacy erase acme-c1 --request DSR-118 --key ops.pem \\
                      --master-key-file master.key

                \(ExitStatusHelp.writes)
                """)

        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The subject id.", valueName: "subject")) var subject: String
        @Option(name: .long, help: ArgumentHelp("The erasure request's reference (a ticket number; stored in the clear).", valueName: "ref"))
        var request: String?
        @OptionGroup var privacy: PrivacyOptions
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let master = try privacy.master()
            let keyStore = try privacy.store(for: location)
            let writer = try GovernedWriter(location, signing, waiting)
            let outcome = try PrivacyWrites.erase(subject, basis: .request, request: request, keyStore: keyStore, master: master, at: try Clock.now(),
                                                  index: { try PrivacyIndex.scan(writer.service.store) }) { body in
                try writer.record { try writer.service.record([EntryDraft(type: PrivacyEntry.erase, body: body)], $0) }.entry.entry.seq
            }
            switch outcome {
            case let .recorded(seq):
                if json { Console.exact(JSONOutput.line(["subject": .string(subject), "erasure": .integer(seq), "outcome": .string("recorded")])) }
                else { Console.out("erased \(subject): its data key is destroyed and the erasure recorded in entry \(seq)") }
            case let .completed(seq):
                if json { Console.exact(JSONOutput.line(["subject": .string(subject), "erasure": .integer(seq), "outcome": .string("completed")])) }
                else { Console.out("erased \(subject): its data key was already destroyed; the erasure is now recorded in entry \(seq)") }
            case let .reapplied(seq):
                if json { Console.exact(JSONOutput.line(["subject": .string(subject), "erasure": .integer(seq), "outcome": .string("reapplied")])) }
                else { Console.out("erased \(subject) again: the key store still held its key (restored from an older backup); the erasure stays the one in entry \(seq)") }
            }
        }
    }
}
