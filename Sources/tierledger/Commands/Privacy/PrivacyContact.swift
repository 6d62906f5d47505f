import ArgumentParser
import Governance
import Ledger
import Privacy

extension PrivacyCommand {
    struct Contact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a customer's contact person, with name and e-mail sealed for a subject.",
            discussion: """
                The subject id is how the ledger names the person in the clear (1–64 characters of a-z 0-9 . _ -): \
                an opaque id, never a name or an e-mail. A subject without a data key gets one in the key store \
                first. Signed by an operator or an admin.

                Examples:
                  tierledger privacy contact --customer acme --subject acme-c1 \\
                      --name "Ada Lovelace" --email ada@acme.example --key ops.pem \\
                      --master-key-file master.key

                \(ExitStatusHelp.writes)
                """)

        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("The customer the contact is for.", valueName: "id")) var customer: String
        @Option(name: .long, help: ArgumentHelp("The person's subject id.", valueName: "subject")) var subject: String
        @Option(name: .long, help: ArgumentHelp("The contact's name (sealed).", valueName: "text")) var name: String
        @Option(name: .long, help: ArgumentHelp("The contact's e-mail address (sealed).", valueName: "address")) var email: String
        @OptionGroup var privacy: PrivacyOptions
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let master = try privacy.master()
            let keyStore = try privacy.store(for: location)
            let writer = try GovernedWriter(location, signing, waiting)
            let body = try PrivacyWrites.contactBody(customer: customer, subject: subject, name: name, email: email,
                                                     index: try PrivacyIndex.scan(writer.service.store), keyStore: keyStore,
                                                     master: master, at: try Clock.now())
            let (_, stored) = try writer.record { try writer.service.record([EntryDraft(type: PrivacyEntry.contact, body: body)], $0) }
            Console.out("recorded contact \(subject) of \(customer) in entry \(stored.entry.seq), name and e-mail sealed")
        }
    }
}
