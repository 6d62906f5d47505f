import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Emergency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a change at once, outside the approval rules (admin only); it must be reviewed within the policy's window.",
            discussion: """
                Examples:
                  tierledger change emergency suspend --license ACME-1 --reason "fraud alert" \\
                      --key admin.pem
                  tierledger change emergency seats --license ACME-1 --seats 40 \\
                      --reason "outage workaround" --key admin.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change kind.", valueName: "kind")) var kind: String
        @Option(name: .long, help: ArgumentHelp("The license id.", valueName: "id")) var license: String
        @OptionGroup var change: ChangeParameterOptions
        @Option(name: .long, help: ArgumentHelp("Why it could not wait; recorded.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            guard let changeKind = ChangeKind(rawValue: kind), changeKind != .policyAdopt else { throw ValidationError("unknown kind \"\(kind)\"") }
            let writer = try GovernedWriter(location, signing, waiting)
            let change = try writer.emergency {
                try writer.service.emergency(changeKind, license: license, params: self.change.params(for: changeKind), reason: reason, $0)
            }.change
            Console.out("applied emergency change \(change.id) to \(license); \(change.reviewRole) must review it by \(change.reviewDeadline)")
        }
    }
}
