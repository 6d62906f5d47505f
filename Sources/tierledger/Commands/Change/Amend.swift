import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revise a pending change request (by its proposer): a new version, approvals cleared.",
            discussion: """
                Give the full new parameters.

                Examples:
                  tierledger change amend CR-6 --tier business --seats 20 --term-months 12 \\
                      --reason "no discount" --key pat.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @OptionGroup var change: ChangeParameterOptions
        @Option(name: .long, help: ArgumentHelp("Why it changed; shown to approvers.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let request = try writer.request(id)
            let written = try writer.change { try writer.service.amend(request.seq, params: change.params(for: request.kind), reason: reason, $0) }
            let after = written.request
            Console.out("amended \(after.id) in entry \(written.entry.entry.seq): rule \(after.rule.id), approvals cleared, expires \(after.expiresAt)")
        }
    }
}
