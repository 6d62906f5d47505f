import ArgumentParser
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check, explain and adopt the tier catalog and approval rules (policies/*.yaml).",
        discussion: """
            A policy directory holds tiers.yaml and approvals.yaml; docs/policy-reference.md documents every field.

            Examples:
              tierledger policy check policies
              tierledger policy explain upgrade --from-tier team --to-tier business
              tierledger policy adopt policies --key admin.pem

            \(ExitStatusHelp.group)
            """,
        subcommands: [Check.self, Explain.self, Adopt.self]
    )

    static func load(_ directory: String) throws -> PolicySet {
        do {
            return try PolicySet.load(directory: directory)
        } catch {
            for problem in error.problems { Console.out("\(problem.description)") }
            Console.error(error.errorCode, "\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") in \(directory)")
            throw ExitStatus.usageOrInput
        }
    }
}

extension PolicyCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate policy files: syntax and meaning. Prints file:line:column: message for each problem (exit 2).",
            discussion: """
                Catches unknown tiers, features, metrics, roles and areas; duplicate ids; negative amounts; \
                rules that can never match (after the default, shadowed by an earlier rule, contradictory ranges); \
                steps nobody can fill. YAML anchors and aliases are allowed but bounded.

                Examples:
                  tierledger policy check policies
                  tierledger policy check ../pricing-2027

                Exit status: 0 the policy is valid, 2 a problem in it (each printed as \
                file:line:column: message) or a usage error.
                """
        )

        @Argument(help: ArgumentHelp("The policy directory.", valueName: "dir"), completion: .directory)
        var directory: String = "policies"

        func run() throws {
            let policy = try PolicyCommand.load(directory)
            Console.out("policies OK: \(policy.catalog.tiers.count) tiers, \(policy.catalog.addons.count) add-ons, \(policy.approvals.rules.count) approval rules")
            Console.out("version: \(policy.hash)")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which approval rule a change would meet, why the others do not, and what it requires.",
            discussion: """
                Reads the policy files only; the ledger is not touched. KIND is one of: \(ChangeKind.names).

                Examples:
                  tierledger policy explain upgrade --from-tier team --to-tier business \\
                      --discount-bp 2500
                  tierledger policy explain seats --seats-delta 40 --amount 1200000 --json

                \(ExitStatusHelp.plain)
                """
        )

        @Argument(help: ArgumentHelp("The change kind.", valueName: "kind"))
        var kind: String

        @Option(name: .long, help: ArgumentHelp("The policy directory.", valueName: "dir"), completion: .directory)
        var policies: String = "policies"

        @Option(name: .long, help: ArgumentHelp("Tier before the change.", valueName: "tier")) var fromTier: String?
        @Option(name: .long, help: ArgumentHelp("Tier after the change.", valueName: "tier")) var toTier: String?
        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seats added (negative: removed, e.g. -80).", valueName: "n"))
        var seatsDelta: Int64 = 0
        @Option(name: .long, help: ArgumentHelp("Manual discount in basis points (2500 = 25 %).", valueName: "bp")) var discountBp: Int64 = 0
        @Option(name: .long, help: ArgumentHelp("Term length in months.", valueName: "months")) var termMonths: Int64?
        @Option(name: .long, help: ArgumentHelp("Quote total per period, in minor units.", valueName: "amount")) var amount: Int64 = 0

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws {
            guard ChangeKind(rawValue: kind) != nil else { throw ValidationError("unknown kind \"\(kind)\"; kinds: \(ChangeKind.names)") }
        }

        func run() throws {
            let policy = try PolicyCommand.load(policies)
            for tier in [fromTier, toTier].compactMap({ $0 }) where policy.catalog.tier(tier) == nil {
                throw CLIError("unknown tier \"\(tier)\"; tiers: \(policy.catalog.tiers.map(\.id).joined(separator: ", "))", code: .governanceNotFound)
            }
            guard let changeKind = ChangeKind(rawValue: kind) else { return }
            let facts = ChangeFacts(kind: changeKind, fromTier: fromTier, toTier: toTier, seatsDelta: seatsDelta, discountBp: discountBp,
                                    termMonths: termMonths, amount: amount)
            let (winner, decisions) = policy.approvals.evaluate(facts)
            if json {
                Console.exact(JSONOutput.line([
                    "rule": winner.map { .string($0.id) } ?? .null,
                    "policy": .string(policy.hash),
                    "steps": .array((winner?.steps ?? []).map(Self.stepJSON)),
                    "expiry_hours": .integer(winner.map { policy.approvals.expiryHours(for: $0) } ?? 0),
                    "proposer_may_apply": .bool(winner?.proposerMayApply ?? true), "approvers_may_apply": .bool(winner?.approversMayApply ?? true),
                    "decisions": .array(decisions.map { .object(["rule": .string($0.rule.id), "outcome": .string($0.outcome.rawValue),
                                                                 "reason": .string($0.reason)]) }),
                ]))
                return
            }
            guard let winner else {
                Console.out("no rule matches; the policy needs a default rule")
                return
            }
            Console.out("rule: \(winner.id): \(winner.description)")
            Console.out("steps, in order:")
            for (i, step) in winner.steps.enumerated() {
                var line = "  \(i + 1). \(step.count) approval\(step.count == 1 ? "" : "s") from \(step.role) (distinct principals)"
                if let e = step.escalation { line += "; after \(e.afterHours) h, \(e.role) may approve instead" }
                Console.out("\(line)")
            }
            Console.out("expires after \(policy.approvals.expiryHours(for: winner)) h if not approved; the proposer may not approve")
            switch (winner.proposerMayApply, winner.approversMayApply) {
            case (false, false): Console.out("applied by an operator who neither proposed nor approved it")
            case (false, true): Console.out("applied by an operator other than the proposer")
            case (true, false): Console.out("applied by an operator who did not approve it")
            case (true, true): break
            }
            Console.out("why:")
            for d in decisions { Console.out("  \(d.rule.id): \(d.reason)") }
        }

        static func stepJSON(_ step: ApprovalPolicy.Step) -> JSONValue {
            var members: [String: JSONValue] = ["role": .string(step.role.name), "count": .integer(step.count)]
            if let e = step.escalation { members["escalation"] = .object(["after_hours": .integer(e.afterHours), "role": .string(e.role.name)]) }
            return .object(members)
        }
    }

    struct Adopt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a policy version in the ledger (signed by an admin).",
            discussion: """
                Checks the files, then appends a policy.adopt entry holding their canonical content and its SHA-256; \
                `verify` re-checks both. Once a policy is in force, a new version needs an approved policy-adopt \
                change request for it (`tierledger change propose policy-adopt --policies DIR ...`); it is found by \
                its hash, or named with --request. Warns about approval steps that today's principals cannot fill.

                Examples:
                  tierledger policy adopt policies --key admin.pem
                  tierledger policy adopt ../pricing-2027 --request CR-42 --key admin.pem

                \(ExitStatusHelp.writes)
                """
        )

        @Argument(help: ArgumentHelp("The policy directory.", valueName: "dir"), completion: .directory)
        var directory: String = "policies"

        @OptionGroup var location: LedgerOptions
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        @Option(name: .long, help: ArgumentHelp("The approved policy-adopt change request (default: found by the version's hash).",
                                                valueName: "id"))
        var request: String?

        func run() throws {
            let policy = try PolicyCommand.load(directory)
            let writer = try GovernedWriter(location, signing, waiting)
            let adopted: GovernanceService.PolicyAdopted
            do {
                adopted = try writer.write({ try writer.service.adopt(policy, request: try request.map(ChangeCommand.requestSeq), $0) },
                                           entry: \.entry, recovered: \.recovered)
            } catch let refusal as GovernanceService.AdoptionRefusal {
                throw CLIError("\(refusal.description); propose one with `tierledger change propose policy-adopt --policies \(directory) "
                    + "--reason ... --key PROPOSER.pem`", keeping: refusal)
            }
            Console.out("adopted policy \(policy.hash) in entry \(adopted.entry.entry.seq)")
            for gap in adopted.gaps {
                Console.note("warning: rule \(gap.rule) needs \(gap.needed) \(gap.role) approval\(gap.needed == 1 ? "" : "s"); "
                    + "\(gap.holders) principal\(gap.holders == 1 ? " holds" : "s hold") that role: enrol more before such changes can be approved")
            }
        }
    }
}
