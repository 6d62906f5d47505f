import ArgumentParser
import Governance
import GovernanceService
import Ledger

extension LicenseCommand {
    struct Activations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a license's machine activations: in force and ended, with why they ended.",
            discussion: """
                Products activate machines through `tierledger serve --activation-key KEY` with a customer token \
                that has the activate scope (docs/licensing.md). The ledger keeps each activation's mode (node or \
                floating), the SHA-256 of the machine's fingerprint, the token used, and its end (released, \
                lease-expired or revoked); heartbeats are not recorded.

                Examples:
                  tierledger license activations ACME-1
                  tierledger license activations ACME-1 --active --json

                \(ExitStatusHelp.reads)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The license id.", valueName: "id")) var id: String
        @Flag(name: .long, help: "Only activations in force.") var active = false
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let state = try location.service().state()
            guard let license = state.licenses[id] else { throw CLIError("no license \(id) as of entry \(state.lastSeq)", code: .governanceNotFound) }
            let all = (state.activations[id] ?? []).filter { !active || $0.isActive }
            if json {
                Console.exact(JSONOutput.line(["license": .string(id), "seats": .integer(license.seats),
                                               "in_force": .integer(Int64(state.activeActivations(of: id).count)),
                                               "activations": .array(all.map(\.json))]))
                return
            }
            Console.out("\(id): \(state.activeActivations(of: id).count) of \(license.seats) seats activated")
            for a in all {
                let end = a.deactivation.map { "ended \($0.time) (\($0.reason), entry \($0.seq))" } ?? "in force"
                Console.out("  \(a.id)\t\(a.mode.rawValue)\tmachine \(a.machine.prefix(16))…\tsince \(a.time) (entry \(a.seq))\t\(end)")
            }
        }
    }
}
