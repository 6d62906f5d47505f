import ArgumentParser
import Privacy

extension PrivacyCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open every sealed field still held and check its tag and commitment (for an auditor given the keys).",
            discussion: """
                `verify` checks the whole ledger without any key; with the master key and the key store, this also \
                checks that every sealed field not erased opens under its subject's key and holds exactly what its \
                commitment commits to. It prints counts only, never clear text.

                Examples:
                  tierledger privacy check --master-key-file master.key

                \(ExitStatusHelp.reads)
                """)

        @OptionGroup var location: LedgerOptions
        @OptionGroup var privacy: PrivacyOptions

        func run() throws {
            let master = try privacy.master()
            let store = try location.open()
            let book = try PrivacyBook(index: try PrivacyIndex.scan(store), keyStore: try privacy.store(for: location), master: master)
            let checked = try book.checkAll()
            Console.out("\(checked.fields) sealed field\(checked.fields == 1 ? "" : "s") of \(checked.subjects) subject\(checked.subjects == 1 ? "" : "s") "
                + "open and match their commitments; \(checked.erased) subject\(checked.erased == 1 ? " is" : "s are") erased")
        }
    }
}
