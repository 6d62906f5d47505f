import ArgumentParser
import Governance
import GovernanceService
import Ledger

struct LicenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "license",
        abstract: "Licenses as the applied changes have shaped them, now or in the past; certificates products check offline.",
        discussion: """
            Examples:
              tierledger license show ACME-1
              tierledger license list --customer acme --as-of 2026-06-30
              tierledger license certificate ACME-1 --key licensor.pem \\
                  --log-key admin.pem --out acme.license
              tierledger license check acme.license --vkey "$VKEY" --feature sso

            \(ExitStatusHelp.group)
            """,
        subcommands: [Show.self, List.self, Certificate.self, Check.self, Activations.self]
    )

    static func state(_ location: LedgerOptions, asOf: String?) throws -> (GovernanceState, EntryTime) {
        let point = try asOf.map { text -> GovernanceReplay.Point in
            guard let p = GovernanceReplay.Point(text) else {
                throw ValidationError("--as-of must be a sequence number, a date (2026-06-30) or a time (2026-06-30T12:00:00.000Z)")
            }
            return p
        } ?? .end
        let state = try location.service().state(asOf: point)
        let time: EntryTime
        switch point {
        case let .time(t): time = t
        default: time = try Clock.now()
        }
        return (state, time)
    }
}

extension LicenseCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one license: tier, seats, add-ons, term, status, history.",
                                                        discussion: """
                                                            --as-of takes a date, a time or a sequence number.

                                                            Examples:
                                                              tierledger license show ACME-1
                                                              tierledger license show ACME-1 --as-of 2026-06-30 --json
                                                              tierledger license show ACME-1 --as-of 120

                                                            \(ExitStatusHelp.reads)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The license id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("A sequence number, date or time.", valueName: "time|seq")) var asOf: String?
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let (state, time) = try LicenseCommand.state(location, asOf: asOf)
            guard let license = state.licenses[id] else { throw CLIError("no license \(id) as of entry \(state.lastSeq)", code: .governanceNotFound) }
            if json {
                guard case var .object(members) = license.json else { return }
                members["status"] = .string(license.status(at: time).rawValue)
                members["as_of_seq"] = .integer(state.lastSeq)
                Console.exact(JSONOutput.line(members))
                return
            }
            Console.out("\(license.id) (as of entry \(state.lastSeq)): \(license.status(at: time))")
            Console.out("  customer: \(license.customer)")
            let addons = license.addons.isEmpty ? "" : ", add-ons \(license.addons.joined(separator: ", "))"
            Console.out("  tier:     \(license.tier), \(Count.text(license.seats)) seats\(addons)")
            Console.out("  term:     \(license.termStart) to \(license.termEnd)")
            if let since = license.trialSince {
                Console.out("  trial:    " + (license.convertedAt.map { "begun in entry \(since), converted to a paid license in entry \($0)" }
                    ?? "since entry \(since), ending \(license.termEnd); convert it with `tierledger change propose convert`"))
            }
            if !license.quotaOverrides.isEmpty {
                let quotas = license.quotaOverrides.sorted { $0.key < $1.key }.map { "\($0.key) \(Count.text($0.value))" }
                Console.out("  quotas:   \(quotas.joined(separator: ", "))")
            }
            Console.out("  changes:  entries \(license.changes.map(String.init).joined(separator: ", "))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List licenses.",
                                                        discussion: """
                                                            Examples:
                                                              tierledger license list
                                                              tierledger license list --customer acme --json
                                                              tierledger license list --as-of 2026-06-30

                                                            \(ExitStatusHelp.reads)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("Only this customer's.", valueName: "customer")) var customer: String?
        @Option(name: .long, help: ArgumentHelp("A sequence number, date or time.", valueName: "time|seq")) var asOf: String?
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let (state, time) = try LicenseCommand.state(location, asOf: asOf)
            let licenses = state.licenses.values.filter { customer == nil || $0.customer == customer }.sorted { $0.id < $1.id }
            if json {
                Console.exact(JSONOutput.line(["as_of_seq": .integer(state.lastSeq), "licenses": .array(licenses.map(\.json))]))
                return
            }
            for l in licenses { Console.out("\(l.id)\t\(l.customer)\t\(l.tier)\t\(Count.text(l.seats)) seats\t\(l.status(at: time))\tuntil \(l.termEnd)") }
            if licenses.isEmpty { Console.out("no licenses as of entry \(state.lastSeq)") }
        }
    }
}
