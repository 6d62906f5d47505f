import ArgumentParser
import Ledger
import Privacy

extension PrivacyCommand {
    struct MasterKeyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "master-key",
            abstract: "Make the master key that wraps every subject's data key.",
            discussion: """
                Examples:
                  tierledger privacy master-key generate --out master.key

                \(ExitStatusHelp.group)
                """,
            subcommands: [Generate.self]
        )

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a new random master key (64 hex digits) to a new file of mode 600.",
                discussion: """
                    Keep it apart from the ledger and its backups: whoever holds it and the key store reads every \
                    personal field not yet erased; without it, nothing of them can be read. The file is never \
                    overwritten.

                    Examples:
                      tierledger privacy master-key generate --out master.key

                    \(ExitStatusHelp.plain)
                    """)

            @Option(name: .long, help: ArgumentHelp("The new file.", valueName: "file"), completion: .file()) var out: String

            func run() throws {
                let key = try MasterKey.generate()
                try KeyFile.create(out, contents: key.hex + "\n", mode: 0o600)
                Console.out("wrote a new master key to \(out) (mode 600)")
            }
        }
    }
}
