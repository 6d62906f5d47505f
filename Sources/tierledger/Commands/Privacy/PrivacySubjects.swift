import ArgumentParser
import Ledger
import Privacy

extension PrivacyCommand {
    struct Subjects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the subjects of personal data, their status and the entries that hold them.",
            discussion: """
                Reads the ledger and the key store's list of keys; needs no master key and decrypts nothing. A status \
                is held (the key exists), erased (the key is destroyed and the erasure recorded), erasure-pending \
                (the key is destroyed, the entry not yet written: run erase again), key-missing (the key store is \
                older than the ledger: restore the newest one) or erased-key-restored (the key store predates the \
                erasure: run erase again).

                Examples:
                  tierledger privacy subjects
                  tierledger privacy subjects --json

                \(ExitStatusHelp.reads)
                """)

        @OptionGroup var location: LedgerOptions
        @OptionGroup var privacy: PrivacyOptions
        @Flag(name: .long, help: "Print JSON, one object per subject.") var json = false

        func run() throws {
            let store = try location.open()
            let index = try PrivacyIndex.scan(store)
            let contents = try privacy.store(for: location).read()
            let kept = Array(contents?.keys.keys ?? [:].keys) + Array(contents?.tombstones.keys ?? [:].keys)
            let subjects = Set(index.subjects).union(kept).sorted()
            if subjects.isEmpty, !json { Console.out("no personal data: the ledger holds no sealed fields") }
            for subject in subjects {
                let status: String
                if index.erasures[subject] != nil {
                    // A key an erasure covers is back only when the key store came from an older backup.
                    status = contents?.keys[subject] != nil ? "erased-key-restored" : "erased"
                } else if contents?.tombstones[subject] != nil {
                    status = "erasure-pending"
                } else if contents?.keys[subject] != nil {
                    status = "held"
                } else {
                    status = "key-missing"
                }
                let seqs = (index.records[subject] ?? []).map(\.seq)
                let types = Set((index.records[subject] ?? []).map(\.type)).sorted()
                if json {
                    var members: [String: JSONValue] = ["subject": .string(subject), "status": .string(status),
                                                        "entries": .array(seqs.map { .integer($0) }), "types": .array(types.map { .string($0) })]
                    if let erasure = index.erasures[subject] { members["erasure"] = .integer(erasure.seq) }
                    Console.exact(JSONOutput.line(members))
                } else {
                    let erasure = index.erasures[subject].map { " (erasure in entry \($0.seq))" } ?? ""
                    Console.out("\(subject)\t\(status)\(erasure)\tentries \(seqs.map(String.init).joined(separator: ", "))\t\(types.joined(separator: ", "))")
                }
            }
        }
    }
}
