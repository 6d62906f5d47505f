import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a pending change request (by its proposer or an admin).",
                                                        discussion: """
                                                            Examples:
                                                              tierledger change withdraw CR-5 --reason "customer chose team" --key pat.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why; recorded.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let written = try writer.change { try writer.service.withdraw(try ChangeCommand.requestSeq(id), reason: reason, $0) }
            Console.out("withdrew \(written.request.id) in entry \(written.entry.entry.seq)")
        }
    }
}
