import ArgumentParser
import Governance
import Ledger
import LedgerCrypto
import Privacy

extension PrivacyCommand {
    struct Enforce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase personal data that outlived its tier's audit_log_retention_days, recording each erasure.",
            discussion: """
                A subject's data is kept for the longest audit_log_retention_days among its customer's licenses' \
                tiers, counted from its newest record; after that it is erased exactly as `privacy erase` does (key \
                destroyed first, then a privacy.erase entry with basis retention). Subjects whose customer holds no \
                license are kept and listed. Run it on a schedule; --dry-run only lists. Signed by an operator or an \
                admin.

                Examples:
                  tierledger privacy enforce --dry-run --master-key-file master.key
                  tierledger privacy enforce --key ops.pem --master-key-file master.key

                \(ExitStatusHelp.writes)
                """)

        @OptionGroup var location: LedgerOptions
        @OptionGroup var privacy: PrivacyOptions
        @Option(name: .long, help: ArgumentHelp("Private key (PEM) that signs the erasures; must be mode 600.", valueName: "file"),
                completion: .file())
        var key: String?
        @Option(name: .long, help: ArgumentHelp("File whose first line is the key's passphrase.", valueName: "file"), completion: .file())
        var passphraseFile: String?
        @OptionGroup var waiting: WaitOptions
        @Flag(name: .long, help: "List what is due, erase nothing.") var dryRun = false
        @Flag(name: .long, help: "Print JSON, one object per subject due.") var json = false

        func validate() throws {
            guard dryRun || key != nil else { throw ValidationError("give --key to sign the erasures, or --dry-run to list what is due") }
        }

        func run() throws {
            let master = try privacy.master()
            let keyStore = try privacy.store(for: location)
            let service = try location.service()
            let now = try Clock.now()
            let book = try PrivacyBook(index: try PrivacyIndex.scan(service.store), keyStore: keyStore, master: master)
            let state = try service.state()
            let plan = RetentionPlan(index: book.index, state: state, now: now) { book.status($0) == .held }
            for kept in plan.kept where !json { Console.out("kept \(kept.subject): \(kept.reason)") }
            guard !plan.due.isEmpty else {
                if !json { Console.out("nothing is past its retention") }
                return
            }
            let writer = try key.map { try GovernedWriter(location, key: try SigningKeyOptions.load($0, passphraseFile: passphraseFile), waiting) }
            for due in plan.due {
                var erasure: Int64?
                if let writer, !dryRun {
                    let outcome = try PrivacyWrites.erase(due.subject, basis: .retention, request: nil, keyStore: keyStore, master: master, at: now,
                                                          index: { try PrivacyIndex.scan(writer.service.store) }) { body in
                        try writer.record { try writer.service.record([EntryDraft(type: PrivacyEntry.erase, body: body)], $0) }.entry.entry.seq
                    }
                    switch outcome {
                    case let .recorded(seq), let .completed(seq), let .reapplied(seq): erasure = seq
                    }
                }
                if json {
                    var members: [String: JSONValue] = ["subject": .string(due.subject), "customer": .string(due.customer),
                                                        "newest": .integer(due.newest), "retention_days": .integer(due.retentionDays),
                                                        "expired": .string(due.expired.rfc3339)]
                    if let erasure { members["erasure"] = .integer(erasure) }
                    Console.exact(JSONOutput.line(members))
                } else if let erasure {
                    Console.out("erased \(due.subject) (customer \(due.customer), \(due.retentionDays)-day retention ran out \(due.expired)) in entry \(erasure)")
                } else {
                    Console.out("due \(due.subject) (customer \(due.customer), \(due.retentionDays)-day retention ran out \(due.expired))")
                }
            }
        }
    }
}

extension GovernedWriter {
    /// A writer with a key loaded already (for commands whose key is optional).
    init(_ location: LedgerOptions, key: PrivateKey, _ waiting: WaitOptions) throws {
        self.key = key
        service = try location.service()
        self.waiting = waiting
    }
}
