import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything an approver needs: entitlements before and after, price lines, the rule and why, steps, deadlines.",
            discussion: """
                Examples:
                  tierledger change show CR-5
                  tierledger change show CR-5 --json

                \(ExitStatusHelp.reads)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id, e.g. CR-42.", valueName: "id")) var id: String
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let service = try location.service()
            let state = try service.state()
            let request = try service.request(try ChangeCommand.requestSeq(id))
            let now = try Clock.now()
            if json {
                Console.exact(JSONOutput.line(request.document(state: state, at: now).objectValue ?? [:]))
                return
            }
            let lines = ChangeSummary.lines(request, state: state, at: now)
            for line in lines { Console.out("\(line)") }
        }
    }
}
