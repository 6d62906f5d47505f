import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List change requests.",
            discussion: """
                With --mine --key FILE: the requests that key's principal proposed, and those whose open step it may fill now.

                Examples:
                  tierledger change list
                  tierledger change list --state pending --json
                  tierledger change list --mine --key dana.pem

                \(ExitStatusHelp.reads)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("Only this state: \(ChangeStateFilter.names).", valueName: "state"))
        var state: ChangeStateFilter?
        @Flag(name: .long, help: "Only requests you proposed or can act on now (needs --key).") var mine = false
        @Option(name: .long, help: ArgumentHelp("Your key (public or private PEM), for --mine.", valueName: "file"), completion: .file()) var key: String?
        @Flag(name: .long, help: "Print JSON.") var json = false

        func validate() throws {
            if mine && key == nil { throw ValidationError("--mine needs --key FILE (your public or private key)") }
        }

        func run() throws {
            let governance = try location.service().state()
            let now = try Clock.now()
            var me: Principal? = nil
            if mine, let key {
                guard let principal = governance.principal(holding: try KeyFile.readPublicKey(key).id) else {
                    throw CLIError("\(key) belongs to no enrolled principal", code: .governanceNotFound)
                }
                me = principal
            }
            let requests = governance.changeRequests(status: state?.rawValue, concerning: me, at: now)
            if json {
                Console.exact(JSONOutput.line(["requests": .array(requests.map { $0.listing(at: now) })]))
                return
            }
            for r in requests {
                Console.out("\(r.id)\t\(r.status(at: now))\t\(r.kind.rawValue)\t\(r.license)\t\(r.rule.id)\tby \(r.proposer)\t\(r.reason)")
            }
            let emergencies = governance.emergencyChanges(status: state?.rawValue, concerning: me, at: now)
            for e in emergencies {
                Console.out("\(e.id)\t\(e.status(at: now))\t\(e.kind.rawValue)\t\(e.license)\temergency\tby \(e.admin)\t\(e.reason)")
            }
            if requests.isEmpty && emergencies.isEmpty { Console.out("no change requests" + (state.map { " in state \($0.rawValue)" } ?? "")) }
        }
    }
}
