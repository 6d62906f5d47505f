import ArgumentParser
import Foundation
import Server

/// `tierledger portal sign-in`: a one-time link that signs a browser in to the staff portal.
struct PortalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "The customer portal of `tierledger serve`: staff sign-in links.",
        discussion: """
            Customers sign in at /portal with the token the vendor issued them \\
            (`tierledger token issue --customer C --scope read`). Staff sign in with a one-time link \\
            obtained by a request signed with their enrolled key. docs/portal.md describes every page.

            Examples:
              tierledger portal sign-in --server http://127.0.0.1:8080 --key dana.pem

            \(ExitStatusHelp.group)
            """,
        subcommands: [SignIn.self]
    )

    struct SignIn: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-in",
            abstract: "Print a one-time link (good for 60 seconds) that signs a browser in to the staff portal.",
            discussion: """
                The request for the link is signed with your enrolled key (RFC 9421), as `tierledger fetch` \\
                signs; the link works once. The portal's staff pages are read-only: decisions are still \\
                signed with your own key by `tierledger change approve|reject --server URL`.

                Examples:
                  tierledger portal sign-in --server http://127.0.0.1:8080 --key dana.pem

                Exit status: 0 with the link printed; 2 when the server refuses (its code and message on \\
                stderr) or on a usage or input error.
                """)

        @OptionGroup var server: ServerOptions
        @Option(name: .long, help: ArgumentHelp("Your enrolled private key.", valueName: "file"), completion: .file())
        var key: String
        @Option(name: .long, help: ArgumentHelp("File whose first line is the key's passphrase.", valueName: "file"), completion: .file())
        var passphraseFile: String?

        func run() throws {
            guard let url = server.url else { throw ValidationError("give --server URL (or set $TIERLEDGER_SERVER)") }
            let signing = try SigningKeyOptions.load(key, passphraseFile: passphraseFile)
            do {
                let client = try LedgerClient(url, credentials: .key(signing))
                let link = try BlockingTask.run { try await client.portalSignInLink() }
                Console.exact(link)
            } catch let error as ClientError {
                throw CLIError(error.description, keeping: error)
            }
        }
    }
}
