import ArgumentParser
import Ledger
import Privacy

extension PrivacyCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything the ledger holds about a subject, decrypted, as JSON.",
            discussion: """
                Each entry that holds the subject's sealed fields, with its clear members for context and the fields \
                decrypted (their tags and commitments checked); after an erasure, each field shows as \
                {"erased":true} and the erasure (entry, time, signer, basis, request) is included. Refused, \
                decrypting nothing, when the master key is not the key store's or the key store disagrees with the \
                ledger.

                Examples:
                  tierledger privacy export acme-c1 --master-key-file master.key
                  tierledger privacy export acme-c1 --out acme-c1.json

                \(ExitStatusHelp.reads)
                """)

        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The subject id.", valueName: "subject")) var subject: String
        @OptionGroup var privacy: PrivacyOptions
        @Option(name: .long, help: ArgumentHelp("Write to this new file (mode 600) instead of stdout.", valueName: "file"), completion: .file())
        var out: String?

        func run() throws {
            let master = try privacy.master()
            let service = try location.service()
            let book = try PrivacyBook(index: try PrivacyIndex.scan(service.store), keyStore: try privacy.store(for: location), master: master)
            let owners = try service.state().keyOwners
            let json = String(decoding: CanonicalJSON.encode(try book.export(subject) { owners[$0] }), as: UTF8.self)
            if let out {
                try KeyFile.create(out, contents: json + "\n", mode: 0o600)
                Console.out("wrote what the ledger holds about \(subject) to \(out) (mode 600)")
            } else {
                Console.exact(json)
            }
        }
    }
}
