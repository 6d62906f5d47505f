import ArgumentParser

struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Personal data: record it sealed, list its subjects, export it, erase it.",
        discussion: """
            Personal fields (a contact's name and e-mail) are stored in entries as AES-256-GCM ciphertext under \
            a data key per subject, with a salted commitment; the entry's hash and signature cover the ciphertext. \
            Data keys live in a key store beside the ledger (privacy-keys.json in its directory, or --key-store), \
            wrapped by a master key the operator holds (--master-key-file, or TIERLEDGER_MASTER_KEY). Erasing a \
            subject destroys its key and records a privacy.erase entry; verify, proofs and checkpoints are \
            unchanged. See docs/privacy.md.

            Examples:
              tierledger privacy master-key generate --out master.key
              tierledger privacy contact --customer acme --subject acme-c1 \\
                  --name "Ada Lovelace" --email ada@acme.example --key ops.pem \\
                  --master-key-file master.key
              tierledger privacy erase acme-c1 --request DSR-118 --key ops.pem \\
                  --master-key-file master.key

            \(ExitStatusHelp.group)
            """,
        subcommands: [MasterKeyCommand.self, Contact.self, Subjects.self, Export.self, Erase.self, Enforce.self, Check.self]
    )
}
