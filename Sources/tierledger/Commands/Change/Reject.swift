import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a change request (by someone who may approve its open step).",
                                                        discussion: """
                                                            Without --yes, shows the summary and asks you to type the change id.

                                                            Examples:
                                                              tierledger change reject CR-5 --reason "discount too deep" --key dana.pem
                                                              tierledger change reject CR-5 --reason "wrong customer" --yes \\
                                                                  --key dana.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @OptionGroup var remote: ServerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why; recorded.", valueName: "text")) var reason: String
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            if let url = remote.url {
                let (request, seq) = try RemoteChange.decide(id, url: url, signing: signing, action: "reject", yes: yes) { request in
                    EntryDraft(type: Workflow.reject, body: Workflow.rejection(request: request.seq, proposal: request.proposal, reason: reason,
                                                                               policy: request.policy))
                }
                Console.out("rejected \(request.id) in entry \(seq)")
                return
            }
            let writer = try GovernedWriter(location, signing, waiting)
            let state = try writer.service.state()
            let request = try writer.request(id)
            try ChangeCommand.confirm(request, state: state, action: "reject", yes: yes)
            let written = try writer.change { try writer.service.reject(request.seq, seen: request, reason: reason, $0) }
            Console.out("rejected \(request.id) in entry \(written.entry.entry.seq)")
        }
    }
}
