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
            let lines = ChangeSummary.lines(request, state: state, at: now)
            if json {
                Console.exact(JSONOutput.line(["id": .string(request.id), "state": .string(request.status(at: now).rawValue), "kind": .string(request.kind.rawValue),
                                             "license": .string(request.license), "params": request.params, "rule": .string(request.rule.id),
                                             "quote": request.quote?.json ?? .null, "proposal": .string(request.proposalHash.hex),
                                             "summary": .array(lines.map { .string($0) })]))
                return
            }
            for line in lines { Console.out("\(line)") }
        }
    }
}
