import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Inbox: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List customers' requests for upgrades, seats and add-ons.",
            discussion: """
                Customers ask through `tierledger serve` (a token with the scope request). Each request that \
                awaits the deal desk (nothing proposed yet, or its last proposal rejected, withdrawn or expired) \
                shows its license, customer, what is asked, its age and the command that proposes it; a \
                proposal made with --from-request REQ-<n> answers it, `change decline-request` declines it.

                Examples:
                  tierledger change inbox
                  tierledger change inbox --all --json

                \(ExitStatusHelp.reads)
                """)
        @OptionGroup var location: LedgerOptions
        @Flag(name: .long, help: "Every request, with its status, not only those awaiting the deal desk.") var all = false
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            let state = try location.service().state()
            let now = try Clock.now()
            let found = state.customerRequests(all: all, at: now)
            if json {
                let items = found.map { request -> JSONValue in
                    guard case var .object(members) = state.document(of: request, at: now) else { return .null }
                    members["age_seconds"] = .integer(max(0, (now.milliseconds - request.time.milliseconds) / 1000))
                    if state.status(of: request, at: now).awaitsDealDesk { members["propose"] = .string(Self.proposeCommand(request)) }
                    return .object(members)
                }
                Console.exact(JSONOutput.line(["requests": .array(items)]))
                return
            }
            guard !found.isEmpty else {
                Console.out(all ? "no customer requests" : "no customer requests await the deal desk (--all shows the others)")
                return
            }
            for request in found {
                let status = state.status(of: request, at: now)
                let age = Self.age(from: request.time, to: now)
                Console.out("\(request.id)  \(request.license)  \(request.customer)  \(request.ask.summary)  \(age) ago" + (status.isOpen ? "" : "  \(status.rawValue)"))
                if let message = request.message { Console.out("  \"\(message)\"") }
                if let decline = request.decline { Console.out("  declined in entry \(decline.seq): \(decline.reason)") }
                if !request.proposals.isEmpty { Console.out("  proposed: \(request.proposals.map { "CR-\($0)" }.joined(separator: ", "))") }
                if status.awaitsDealDesk { Console.out("  \(Self.proposeCommand(request))") }
            }
        }

        /// The command that turns `request` into a proposal; the signer adds a reason and a key.
        static func proposeCommand(_ request: CustomerRequest) -> String {
            let option: String
            switch request.ask {
            case let .upgrade(tier): option = "--to-tier \(shellWord(tier))"
            case let .seats(n): option = "--seats \(n)"
            case let .addon(id): option = "--addon \(shellWord(id))"
            }
            return "tierledger change propose \(request.ask.kind.rawValue) --license \(shellWord(request.license)) \(option) "
                + "--from-request \(request.id) --reason \(shellWord("asked by \(request.customer) (\(request.id))")) --key KEY.pem"
        }

        /// `text` as one shell word: as it is when it is plain, else in single quotes.
        static func shellWord(_ text: String) -> String {
            let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-:/@".unicodeScalars.contains($0) }
            return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        /// How long ago, roughly: minutes under an hour, hours under two days, else days.
        static func age(from then: EntryTime, to now: EntryTime) -> String {
            let minutes = max(0, (now.milliseconds - then.milliseconds) / 60_000)
            if minutes < 60 { return "\(minutes)m" }
            if minutes < 48 * 60 { return "\(minutes / 60)h" }
            return "\(minutes / (24 * 60))d"
        }
    }

    struct DeclineRequest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decline-request",
            abstract: "Decline a customer's request, with a reason the customer sees (a proposer or an admin).",
            discussion: """
                A request is declined while nothing live answers it: open, or its last proposal was \
                rejected, withdrawn or expired.

                Examples:
                  tierledger change decline-request REQ-42 \\
                      --reason "enterprise needs a signed order form" --key pat.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The request id (REQ-<n>).", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why; recorded and shown to the customer.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func validate() throws {
            guard CustomerRequest.seq(of: id) != nil else { throw ValidationError("a request id looks like REQ-42") }
            guard !reason.isEmpty, reason.utf8.count <= 1000 else { throw ValidationError("--reason is 1-1000 bytes") }
        }

        func run() throws {
            guard let seq = CustomerRequest.seq(of: id) else { return }
            let writer = try GovernedWriter(location, signing, waiting)
            let declined = try writer.write({ try writer.service.declineCustomerRequest(seq, reason: reason, $0) }, entry: { _ in nil }, recovered: { _ in nil })
            Console.out("declined \(declined.id) in entry \(declined.decline?.seq ?? -1)")
        }
    }
}
