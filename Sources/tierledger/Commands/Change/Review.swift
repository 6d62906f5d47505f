import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Review an emergency change (by a holder of the policy's review role, not the admin who applied it).",
                                                        discussion: """
                                                            A review after the policy's window is accepted and marked late.

                                                            Examples:
                                                              tierledger change review CR-9 --key sec.pem
                                                              tierledger change review CR-9 --comment "confirmed with the customer" \\
                                                                  --key sec.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("A comment, recorded.", valueName: "text")) var comment: String?
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let written = try writer.emergency { try writer.service.review(try ChangeCommand.requestSeq(id), comment: comment, $0) }
            let change = written.change
            Console.out("reviewed \(change.id) in entry \(written.entry.entry.seq)" + (change.review?.late == true ? " (after its review window closed)" : ""))
        }
    }
}
