import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply an approved change to its license (by an operator or admin).",
                                                        discussion: """
                                                            The lifecycle rules are checked again at the apply's time.

                                                            Examples:
                                                              tierledger change apply CR-5 --key ops.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @OptionGroup var remote: ServerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            if let url = remote.url {
                let (request, seq) = try RemoteChange.decide(id, url: url, signing: signing, action: "apply", yes: true) { request in
                    EntryDraft(type: Workflow.apply, body: Workflow.application(request: request.seq, proposal: request.proposal, policy: request.policy))
                }
                Console.out("applied \(request.id) to \(request.license) in entry \(seq)")
                return
            }
            let writer = try GovernedWriter(location, signing, waiting)
            let written = try writer.change { try writer.service.apply(try ChangeCommand.requestSeq(id), $0) }
            Console.out("applied \(written.request.id) to \(written.request.license) in entry \(written.entry.entry.seq)")
        }
    }
}
