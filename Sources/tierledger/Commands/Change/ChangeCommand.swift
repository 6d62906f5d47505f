import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

struct ChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Propose license changes, review them, approve or reject them, and apply approved ones.",
        discussion: """
            A change request (CR-<n>) is priced from the policy in force and assigned the first approval rule \
            that matches. Its steps are filled in order, each by `count` distinct principals with the step's role; \
            the proposer never approves; approvals name the exact proposal they approve. `verify` re-checks all of it.

            Examples:
              tierledger change list --state pending
              tierledger change show CR-5
              tierledger change approve CR-5 --key dana.pem
              tierledger change inbox

            \(ExitStatusHelp.group)
            """,
        subcommands: [Propose.self, List.self, Show.self, Approve.self, Reject.self, Withdraw.self, Amend.self, Apply.self,
                      Emergency.self, Review.self, Inbox.self, DeclineRequest.self]
    )

    static func requestSeq(_ text: String) throws -> Int64 {
        let digits = text.hasPrefix("CR-") ? String(text.dropFirst(3)) : text
        guard let seq = Int64(digits), seq >= 0 else { throw ValidationError("a change id looks like CR-42") }
        return seq
    }

    /// Without --yes: show the summary and ask for the change id to be typed back.
    static func confirm(_ request: ChangeRequest, state: GovernanceState, action: String, yes: Bool) throws {
        guard !yes else { return }
        for line in ChangeSummary.lines(request, state: state, at: try Clock.now()) { Console.note("\(line)") }
        guard let answer = TerminalPrompt.readLine("Type \(request.id) to \(action) it: ") else {
            throw CLIError("no terminal to confirm on; read `tierledger change show \(request.id)` and give --yes", code: .commandLineNotConfirmed)
        }
        guard answer.trimmingCharacters(in: .whitespaces) == request.id else { throw CLIError("not confirmed; nothing was written", code: .commandLineNotConfirmed) }
    }
}
