import ArgumentParser
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

struct PrincipalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principal",
        abstract: "Enrol people and services, change their roles, rotate and revoke their keys.",
        discussion: """
            Roles: admin, proposer, operator, auditor, compliance, telemetry, licensor, activator, intake, approver:<area> (e.g. approver:finance). \
            Enrolment, role changes and revocation are signed by an admin; a key rotation by an admin or by \
            the principal's current key. Every change is a ledger entry, and `verify` re-checks from the \
            ledger alone that each entry's signer held a current key and the role it needed at that point.

            Examples:
              tierledger principal enroll dana --role approver:finance \\
                  --public-key dana.pem.pub --key admin.pem
              tierledger principal list --as-of 2026-06-30
              tierledger principal revoke dana --reason "left the company" --key admin.pem

            \(ExitStatusHelp.group)
            """,
        subcommands: [Enroll.self, Roles.self, RotateKey.self, Revoke.self, List.self]
    )
}

extension PrincipalCommand {
    static func parseRoles(_ texts: [String]) throws -> Set<Role> {
        var roles: Set<Role> = []
        for text in texts {
            guard let role = Role(text) else { throw ValidationError("unknown role \"\(text)\": \(Role.syntaxHelp)") }
            roles.insert(role)
        }
        return roles
    }

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a principal with roles and a public key (signed by an admin).",
            discussion: """
                Examples:
                  tierledger principal enroll dana --role approver:finance \\
                      --public-key dana.pem.pub --key admin.pem
                  tierledger principal enroll crm-bot --role proposer --role telemetry \\
                      --public-key crm.pem.pub --key admin.pem

                \(ExitStatusHelp.writes)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("The principal's name: letters, digits, '.', '_', '-', '@'.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("A role; repeat for several.", valueName: "role"))
        var role: [String] = []

        @Option(name: .long, help: ArgumentHelp("The principal's public key (PEM).", valueName: "file"), completion: .file())
        var publicKey: String

        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func validate() throws {
            guard !role.isEmpty else { throw ValidationError("give at least one --role; \(Role.syntaxHelp)") }
            _ = try PrincipalCommand.parseRoles(role)
        }

        func run() throws {
            let key = try KeyFile.readPublicKey(publicKey)
            let roles = try PrincipalCommand.parseRoles(role)
            let writer = try GovernedWriter(location, signing, waiting)
            let stored = try writer.record { try writer.service.enrol(name, roles: roles, key: key, $0) }.entry
            Console.out("enrolled \(name) (\(roles.sorted().map(\.name).joined(separator: ", "))) with key \(key.id.hex) in entry \(stored.entry.seq)")
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or remove a principal's roles (signed by an admin).",
            discussion: """
                Examples:
                  tierledger principal roles dana --add approver:legal --key admin.pem
                  tierledger principal roles dana --add auditor --remove proposer \\
                      --key admin.pem

                \(ExitStatusHelp.writes)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("The principal's name.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("A role to add; repeat for several.", valueName: "role"))
        var add: [String] = []

        @Option(name: .long, help: ArgumentHelp("A role to remove; repeat for several.", valueName: "role"))
        var remove: [String] = []

        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func validate() throws {
            guard !add.isEmpty || !remove.isEmpty else { throw ValidationError("give --add or --remove") }
            _ = try PrincipalCommand.parseRoles(add + remove)
        }

        func run() throws {
            let added = try PrincipalCommand.parseRoles(add), removed = try PrincipalCommand.parseRoles(remove)
            let writer = try GovernedWriter(location, signing, waiting)
            let stored = try writer.record { try writer.service.changeRoles(of: name, add: added, remove: removed, $0) }.entry
            Console.out("changed the roles of \(name) in entry \(stored.entry.seq)")
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Replace a principal's key (signed by an admin or by the principal's current key).",
            discussion: """
                From this entry on, only the new key signs for the principal; entries signed with the old key \
                before it stay valid.

                Examples:
                  tierledger principal rotate-key dana --public-key dana-2027.pem.pub \\
                      --key dana.pem
                  tierledger principal rotate-key dana --public-key new.pem.pub \\
                      --key admin.pem

                \(ExitStatusHelp.writes)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("The principal's name.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("The new public key (PEM); never one used before in this ledger.", valueName: "file"),
                completion: .file())
        var publicKey: String

        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let key = try KeyFile.readPublicKey(publicKey)
            let writer = try GovernedWriter(location, signing, waiting)
            let stored = try writer.record { try writer.service.rotateKey(of: name, to: key, $0) }.entry
            Console.out("rotated the key of \(name) to \(key.id.hex) in entry \(stored.entry.seq)")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a principal, or one of its keys (signed by an admin).",
            discussion: """
                Entries signed before the revocation takes effect stay valid; from then on the principal (or key) \
                signs nothing that verifies. --effective schedules it for a later time (e.g. a leaving date).

                Examples:
                  tierledger principal revoke dana --reason "left the company" --key admin.pem
                  tierledger principal revoke dana --reason "leaves in June" \\
                      --effective 2026-06-30T17:00:00Z --key admin.pem

                \(ExitStatusHelp.writes)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("The principal's name.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("Why; recorded in the ledger.", valueName: "text"))
        var reason: String

        @Option(name: .long, help: ArgumentHelp("Revoke only this key (its key id, from `keys show`).", valueName: "key-id"))
        var keyId: String?

        @Option(name: .long, help: ArgumentHelp("When it takes effect (RFC 3339, now or later; default now).", valueName: "time"))
        var effective: String?

        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func validate() throws {
            if let keyId, KeyID(hex: keyId) == nil { throw ValidationError("--key-id must be 64 lowercase hex characters") }
            if let effective, EntryTime(rfc3339: effective) == nil {
                throw ValidationError("--effective must look like 2026-12-01T00:00:00.000Z")
            }
        }

        func run() throws {
            let keyID = keyId.flatMap(KeyID.init(hex:)), effectiveTime = effective.flatMap(EntryTime.init(rfc3339:))
            let writer = try GovernedWriter(location, signing, waiting)
            let stored = try writer.record { try writer.service.revoke(name, reason: reason, keyID: keyID, effective: effectiveTime, $0) }.entry
            Console.out("revoked \(keyId.map { "key \($0) of " } ?? "")\(name) in entry \(stored.entry.seq)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List principals, their roles and keys, now or as of a point in the past.",
            discussion: """
                --as-of takes a date, a time or a sequence number.

                Examples:
                  tierledger principal list
                  tierledger principal list --as-of 2026-06-30 --json
                  tierledger principal list --as-of 120

                \(ExitStatusHelp.reads)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Option(name: .long, help: ArgumentHelp("A sequence number, an RFC 3339 time, or a date (its end).", valueName: "time|seq"))
        var asOf: String?

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws {
            if let asOf, GovernanceReplay.Point(asOf) == nil {
                throw ValidationError("--as-of must be a sequence number, a date (2026-06-30) or a time (2026-06-30T12:00:00.000Z)")
            }
        }

        func run() throws {
            let point = asOf.flatMap(GovernanceReplay.Point.init) ?? .end
            let state = try location.service().state(asOf: point)
            let principals = state.principals.values.sorted { $0.name < $1.name }
            if json {
                Console.exact(JSONOutput.line(["as_of_seq": .integer(state.lastSeq), "principals": .array(principals.map(PrincipalOutput.json))]))
                return
            }
            Console.out("as of entry \(state.lastSeq): \(principals.count) principals")
            for p in principals {
                let roles = p.roles.sorted().map(\.name).joined(separator: ", ")
                let status = p.revocation.map { "revoked in entry \($0.seq): \($0.reason)" } ?? "active"
                Console.out("\(p.name)\t\(roles.isEmpty ? "(no roles)" : roles)\t\(status)")
                for record in p.keys {
                    Console.out("  key \(record.key.id.short)… (\(record.key.algorithm.rawValue)) added in entry \(record.addedAt): \(PrincipalOutput.keyStatus(record))")
                }
            }
        }
    }
}

enum PrincipalOutput {
    static func keyStatus(_ record: KeyRecord) -> String {
        switch record.retirement {
        case nil: return "current"
        case let .rotated(seq)?: return "rotated out in entry \(seq)"
        case let .revoked(revocation)?: return "revoked in entry \(revocation.seq), effective \(revocation.effective)"
        }
    }

    static func json(_ p: Principal) -> JSONValue {
        .object([
            "name": .string(p.name),
            "roles": .array(p.roles.sorted().map { .string($0.name) }),
            "active": .bool(p.isActive),
            "enrolled_at": .integer(p.enrolledAt),
            "keys": .array(p.keys.map { record in
                .object(["key_id": .string(record.key.id.hex), "algorithm": .string(record.key.algorithm.rawValue),
                         "added_at": .integer(record.addedAt), "status": .string(keyStatus(record))])
            }),
        ])
    }
}
