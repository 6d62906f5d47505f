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
        @OptionGroup var remote: ServerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why; recorded.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            if let url = remote.url {
                let (request, seq) = try RemoteChange.decide(id, url: url, signing: signing, action: "withdraw", yes: true) { request in
                    EntryDraft(type: Workflow.withdraw, body: Workflow.withdrawal(request: request.seq, reason: reason, policy: request.policy))
                }
                Console.out("withdrew \(request.id) in entry \(seq)")
                return
            }
            let writer = try GovernedWriter(location, signing, waiting)
            let written = try writer.change { try writer.service.withdraw(try ChangeCommand.requestSeq(id), reason: reason, $0) }
            Console.out("withdrew \(written.request.id) in entry \(written.entry.entry.seq)")
        }
    }
}
