import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve the open step of a change request with your key.",
                                                        discussion: """
                                                            Without --yes, shows the summary and asks you to type the change id.

                                                            Examples:
                                                              tierledger change approve CR-5 --key dana.pem
                                                              tierledger change approve CR-5 --comment "discount checked" --yes \\
                                                                  --key dana.pem
                                                              tierledger change approve CR-5 --server http://ledger.example:8080 \\
                                                                  --key dana.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @OptionGroup var remote: ServerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("A comment, recorded with the approval.", valueName: "text")) var comment: String?
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            if let url = remote.url {
                let (request, seq) = try RemoteChange.decide(id, url: url, signing: signing, action: "approve", yes: yes) { request in
                    guard let step = request.openStep else { throw CLIError("\(request.id) has no open step (\(request.state))", code: .serviceNoOpenStep) }
                    return EntryDraft(type: Workflow.approve, body: Workflow.approval(request: request.seq, proposal: request.proposal, step: step,
                                                                                      policy: request.policy, comment: comment))
                }
                Console.out("approved step \((request.openStep ?? 0) + 1) of \(request.id) in entry \(seq)")
                return
            }
            let writer = try GovernedWriter(location, signing, waiting)
            let state = try writer.service.state()
            let request = try writer.request(id)
            guard let step = request.currentStep else { throw CLIError("\(request.id) has no open step (\(request.status(at: try Clock.now())))", code: .serviceNoOpenStep) }
            try ChangeCommand.confirm(request, state: state, action: "approve", yes: yes)
            let written = try writer.change { try writer.service.approve(request.seq, seen: request, comment: comment, $0) }
            Console.out("approved step \(step + 1) of \(request.id) in entry \(written.entry.entry.seq); it is now \(written.request.status(at: try Clock.now()))")
        }
    }
}
