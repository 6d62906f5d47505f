import ArgumentParser
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

/// `tierledger token`: bearer tokens for customers and integrations reading through `tierledger serve`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue, list and revoke bearer tokens that let a customer read its own records through the server.",
        discussion: """
            A token is confined to one customer: through `tierledger serve` it reads that customer's licenses, \
            entitlements, usage, SLA record and history, and nothing of any other customer. The ledger records \
            each token's SHA-256, customer, scopes and expiry (a `token.issue` entry signed by an admin), never \
            the token itself: it is printed once, when issued, and cannot be shown again. A revoked or expired \
            token stops working at once. docs/server.md says how a client sends one.

            Examples:
              tierledger token issue --customer acme --days 90 --label "acme portal" \\
                  --key admin.pem
              tierledger token list --customer acme
              tierledger token revoke 3f9c0a1b2c3d4e5f --reason "laptop lost" \\
                  --key admin.pem

            \(ExitStatusHelp.group)
            """,
        subcommands: [Issue.self, List.self, Revoke.self]
    )
}

extension TokenCommand {
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token for one customer (signed by an admin); prints the token once.",
            discussion: """
                The token goes to stdout, everything else to stderr, so `> acme.token` keeps only the token. \
                Hand it over on a channel you trust; anyone holding it reads that customer's records until it \
                expires or is revoked.

                Examples:
                  tierledger token issue --customer acme --key admin.pem > acme.token
                  tierledger token issue --customer acme --days 30 --label "crm sync" \\
                      --key admin.pem --json

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("The customer the token reads for (as licenses name it).", valueName: "customer")) var customer: String
        @Option(name: .long, help: ArgumentHelp("What the token may do: \(TokenScope.names); repeat for several.", valueName: "scope"))
        var scope: [String] = [TokenScope.read.rawValue]
        @Option(name: .long, help: ArgumentHelp("Days until it expires, 1 to \(TokenEntry.maxLifetimeDays).", valueName: "days")) var days: Int64 = 90
        @Option(name: .long, help: ArgumentHelp("What it is for, recorded with it (at most 200 bytes).", valueName: "text")) var label = ""
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions
        @Flag(name: .long, help: "Print JSON (with the token) instead of the token alone.") var json = false

        func validate() throws {
            guard (1...TokenEntry.maxLifetimeDays).contains(days) else { throw ValidationError("--days must be 1 to \(TokenEntry.maxLifetimeDays)") }
            guard label.utf8.count <= 200 else { throw ValidationError("--label may be at most 200 bytes") }
            _ = try scopes()
        }

        func scopes() throws -> Set<TokenScope> {
            try Set(scope.map { text in
                guard let scope = TokenScope(rawValue: text) else { throw ValidationError("unknown --scope \"\(text)\"; scopes are \(TokenScope.names)") }
                return scope
            })
        }

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let scopes = try scopes()
            let issued = try writer.write({ try writer.service.issueToken(customer: customer, scopes: scopes, days: days, label: label, $0) },
                                          entry: \.recorded.entry, recovered: \.recorded.recoveredTail)
            let seq = issued.token.issuedAt
            if json {
                var members = [String: JSONValue]()
                if case let .object(listing) = issued.token.json { members = listing }
                members["token"] = .string(issued.text)
                Console.exact(JSONOutput.line(members))
            } else {
                Console.exact(issued.text + "\n")
            }
            Console.note("issued token \(issued.token.id) for \(customer) (\(scopes.sorted().map(\.rawValue).joined(separator: ", "))), "
                + "expires \(issued.token.expires), in entry \(seq); it is shown only now")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List issued tokens: id, customer, scopes, expiry and status (never the token).",
            discussion: """
                Examples:
                  tierledger token list
                  tierledger token list --customer acme --json

                \(ExitStatusHelp.reads)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("Only this customer's.", valueName: "customer")) var customer: String?
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let state = try location.service().state()
            let now = try Clock.now()
            let tokens = state.tokens.values.filter { customer == nil || $0.customer == customer }.sorted { $0.issuedAt < $1.issuedAt }
            if json {
                Console.exact(JSONOutput.line(["tokens": .array(tokens.map { $0.json(at: now) })]))
                return
            }
            for t in tokens {
                let label = t.label.isEmpty ? "" : "\t\(t.label)"
                Console.out("\(t.id)\t\(t.customer)\t\(t.scopes.sorted().map(\.rawValue).joined(separator: ","))\t\(t.status(at: now))\tuntil \(t.expires)\(label)")
            }
            if tokens.isEmpty { Console.out("no tokens" + (customer.map { " for \($0)" } ?? "")) }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token now (signed by an admin).",
            discussion: """
                Examples:
                  tierledger token revoke 3f9c0a1b2c3d4e5f --reason "laptop lost" \\
                      --key admin.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The token's id (16 hex characters, from `token list`).", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why (recorded).", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func validate() throws {
            guard TokenText.isTokenID(id) else { throw ValidationError("a token id is 16 lowercase hex characters, as `tierledger token list` shows; got \"\(id)\"") }
            guard !reason.isEmpty, reason.utf8.count <= 1000 else { throw ValidationError("--reason must be 1-1000 bytes") }
        }

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let stored = try writer.record { try writer.service.revokeToken(id, reason: reason, $0) }.entry
            Console.out("revoked token \(id) in entry \(stored.entry.seq)")
        }
    }
}
