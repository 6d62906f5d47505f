import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

extension ChangeCommand {
    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a change to a license (signed by a proposer).",
            discussion: """
                KIND is one of: \(ChangeKind.names). A policy-adopt request takes --policies DIR instead of --license.

                Examples:
                  tierledger change propose issue --license ACME-1 --customer acme \\
                      --tier team --seats 10 --term-months 12 --reason "new deal" \\
                      --key pat.pem
                  tierledger change propose upgrade --license ACME-1 --to-tier business \\
                      --discount-bp 2500 --reason "expansion" --key pat.pem
                  tierledger change propose seats --license ACME-1 --seats 50 \\
                      --from-request REQ-42 --reason "asked by acme" --key pat.pem
                  tierledger change propose policy-adopt --policies ../pricing-2027 \\
                      --reason "2027 price list" --key pat.pem

                \(ExitStatusHelp.writes)
                """
        )

        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change kind.", valueName: "kind")) var kind: String
        @Option(name: .long, help: ArgumentHelp("The license id (the CRM's).", valueName: "id")) var license: String?
        @OptionGroup var change: ChangeParameterOptions
        @Option(name: .long, help: ArgumentHelp("policy-adopt: the directory of the new policy version.", valueName: "dir"),
                completion: .directory) var policies: String?
        @Option(name: .long, help: ArgumentHelp("Why; shown to approvers.", valueName: "text")) var reason: String
        @Option(name: .long, help: ArgumentHelp("The customer request (REQ-<n>, `change inbox`) this answers; the change must be what it asks.",
                                                valueName: "id")) var fromRequest: String?
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func validate() throws {
            guard let k = ChangeKind(rawValue: kind) else { throw ValidationError("unknown kind \"\(kind)\"; kinds: \(ChangeKind.names)") }
            if k == .policyAdopt {
                guard policies != nil else { throw ValidationError("policy-adopt needs --policies DIR, the new version") }
            } else if license == nil {
                throw ValidationError("give --license ID")
            }
            if let fromRequest, CustomerRequest.seq(of: fromRequest) == nil { throw ValidationError("--from-request takes a request id, like REQ-42") }
        }

        func run() throws {
            guard let changeKind = ChangeKind(rawValue: kind) else { return }
            var params = change.params(for: changeKind)
            var licenseID = license ?? LicenseChange.policyLicenseID
            if changeKind == .policyAdopt, let policies {
                let proposed = try PolicyCommand.load(policies)
                params = ["hash": .string(proposed.hash), "label": .string("\(proposed.catalog.label) / \(proposed.approvals.label)")]
                licenseID = LicenseChange.policyLicenseID
            }
            let writer = try GovernedWriter(location, signing, waiting)
            let request = try writer.change { try writer.service.propose(changeKind, license: licenseID, params: params, reason: reason,
                                                                                fromRequest: fromRequest.flatMap(CustomerRequest.seq(of:)), $0) }.request
            if json {
                Console.exact(JSONOutput.line(["id": .string(request.id), "rule": .string(request.rule.id), "proposal": .string(request.proposalHash.hex)]))
            } else {
                Console.out("proposed \(request.id) under rule \(request.rule.id); it needs:")
                for (i, step) in request.rule.steps.enumerated() { Console.out("  \(i + 1). \(step.count) × \(step.role)") }
                Console.out("expires \(request.expiresAt)")
            }
        }
    }
}
