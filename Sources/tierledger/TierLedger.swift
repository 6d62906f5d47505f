import ArgumentParser
import Ledger
import LedgerCrypto

@main
struct TierLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tierledger",
        abstract: "A tamper-evident, signed, append-only ledger for license-backed service tiers.",
        discussion: """
            Every entry is canonical JSON (RFC 8785), hash-chained to the one before and signed. \
            `verify` checks all of it offline and names the first bad entry and byte.

            The ledger directory comes from --ledger, else $TIERLEDGER_DIR, else ./ledger. Every command's \
            --help gives its examples and exit statuses.

            Examples:
              tierledger keys generate --out admin.pem
              tierledger init --origin vendor.example/licensing --key admin.pem
              tierledger verify
              tierledger change approve --help

            Exit status: 0 success (ledger intact), 1 integrity failure, 2 usage or input error.
            """,
        version: "0.1.0",
        subcommands: [Keys.self, Init.self, PrincipalCommand.self, PolicyCommand.self, QuoteCommand.self, ChangeCommand.self, LicenseCommand.self, UsageCommand.self, SLACommand.self, PrivacyCommand.self, ReportCommand.self, SampleCommand.self, Append.self, Log.self, Verify.self, CheckpointCommand.self, ProofCommand.self, Recover.self, Copy.self, ServeCommand.self, TilesCommand.self, TokenCommand.self, Fetch.self, PortalCommand.self]
    )

    /// Runs the command and maps every error to an exit status in one place.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // With --json, errors too are written for programs (on stderr, as one JSON object).
        let json = arguments.prefix { $0 != "--" }.contains("--json")
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            // A mistyped subcommand gets a suggestion, as a mistyped option does.
            if exitCode(for: error) != .success, let message = SubcommandSuggestion.message(for: arguments, root: TierLedger.self) {
                Console.writeToStandardError(message)
                exit(withError: ExitStatus.usageOrInput)
            }
            exit(withError: ExitStatus.translate(error, json: json))
        }
        do {
            try command.run()
        } catch {
            exit(withError: ExitStatus.translate(error, json: json))
        }
    }
}
