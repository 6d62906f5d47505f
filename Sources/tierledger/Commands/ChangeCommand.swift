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

            \(ExitStatusHelp.group)
            """,
        subcommands: [Propose.self, List.self, Show.self, Approve.self, Reject.self, Withdraw.self, Amend.self, Apply.self,
                      Emergency.self, Review.self]
    )

    static func requestSeq(_ text: String) throws -> Int64 {
        let digits = text.hasPrefix("CR-") ? String(text.dropFirst(3)) : text
        guard let seq = Int64(digits), seq >= 0 else { throw ValidationError("a change id looks like CR-42") }
        return seq
    }

    /// What a decision on a request needs: the signer's key, the ledger, its replayed state and the policy in force.
    struct Context {
        let key: PrivateKey
        let service: GovernanceService
        let state: GovernanceState
        let policy: PolicySet

        init(_ location: LedgerOptions, _ signing: SigningKeyOptions) throws {
            key = try signing.load()
            (service, state) = try ChangeCommand.load(location)
            guard let policy = state.policy?.set else { throw CLIError("no policy in force") }
            self.policy = policy
        }

        func request(_ id: String) throws -> ChangeRequest { try ChangeCommand.find(id, in: state) }

        func record(_ type: String, _ body: JSONValue, _ waiting: WaitOptions) throws -> StoredEntry {
            try GovernedWrite.one(type, body, key: key, service: service, waiting: waiting)
        }

        func recordReturningState(_ type: String, _ body: JSONValue, _ waiting: WaitOptions) throws -> (stored: StoredEntry, state: GovernanceState) {
            try GovernedWrite.oneReturningState(type, body, key: key, service: service, waiting: waiting)
        }
    }

    static func load(_ location: LedgerOptions) throws -> (GovernanceService, GovernanceState) {
        let service = try location.service()
        return (service, try service.state())
    }

    static func emergency(_ seq: Int64, in state: GovernanceState) throws -> EmergencyChange {
        guard let change = state.emergencies[seq] else { throw CLIError("no emergency change CR-\(seq)") }
        return change
    }

    static func find(_ id: String, in state: GovernanceState) throws -> ChangeRequest {
        guard let request = state.requests[try requestSeq(id)] else { throw CLIError("no change request \(id); `tierledger change list` shows them") }
        return request
    }

    /// Without --yes: show the summary and ask for the change id to be typed back.
    static func confirm(_ request: ChangeRequest, state: GovernanceState, action: String, yes: Bool) throws {
        guard !yes else { return }
        for line in try ChangeSummary.lines(request, state: state) { Console.note("\(line)") }
        guard let answer = TerminalPrompt.readLine("Type \(request.id) to \(action) it: ") else {
            throw CLIError("no terminal to confirm on; read `tierledger change show \(request.id)` and give --yes")
        }
        guard answer.trimmingCharacters(in: .whitespaces) == request.id else { throw CLIError("not confirmed; nothing was written") }
    }
}

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
        }

        func run() throws {
            guard let changeKind = ChangeKind(rawValue: kind) else { return }
            let key = try signing.load()
            let (service, state) = try ChangeCommand.load(location)
            guard let policy = state.policy?.set else { throw CLIError("no policy has been adopted; run `tierledger policy adopt DIR` first") }
            var params = change.params(for: changeKind)
            var licenseID = license ?? LicenseChange.policyLicenseID
            if changeKind == .policyAdopt, let policies {
                let proposed = try PolicyCommand.load(policies)
                params = ["hash": .string(proposed.hash), "label": .string("\(proposed.catalog.label) / \(proposed.approvals.label)")]
                licenseID = LicenseChange.policyLicenseID
            }
            let now = try Clock.now()
            let body: JSONValue
            do {
                body = try Workflow.proposal(kind: changeKind, license: licenseID, params: params, reason: reason, under: policy,
                                             state: state, at: now)
            } catch {
                throw CLIError(error.message)
            }
            let (stored, after) = try GovernedWrite.oneReturningState(Workflow.propose, body, key: key, service: service, waiting: waiting)
            let request = try ChangeCommand.find(String(stored.entry.seq), in: after)
            if json {
                Console.exact(JSONOutput.line(["id": .string(request.id), "rule": .string(request.rule.id), "proposal": .string(request.proposalHash.hex)]))
            } else {
                Console.out("proposed \(request.id) under rule \(request.rule.id); it needs:")
                for (i, step) in request.rule.steps.enumerated() { Console.out("  \(i + 1). \(step.count) × \(step.role)") }
                Console.out("expires \(request.expiresAt)")
            }
        }
    }

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
            let (_, governance) = try ChangeCommand.load(location)
            let now = try Clock.now()
            var me: Principal? = nil
            if mine, let key {
                let id = try KeyFile.readPublicKey(key).id
                guard let name = governance.keyOwners[id], let principal = governance.principals[name] else {
                    throw CLIError("\(key) belongs to no enrolled principal")
                }
                me = principal
            }
            func concerns(_ r: ChangeRequest) -> Bool {
                guard let me else { return true }
                if r.proposer == me.name { return true }
                guard r.state(at: now) == "pending", let step = r.currentStep, !r.approvers.contains(me.name) else { return false }
                let s = r.rule.steps[step]
                if me.roles.contains(s.role) { return true }
                guard let e = s.escalation, me.roles.contains(e.role), let opened = r.stepOpenedAt[step] else { return false }
                return now.milliseconds >= opened.milliseconds + e.afterHours * 3_600_000
            }
            let requests = governance.requests.values.sorted { $0.seq < $1.seq }
                .filter { (state == nil || $0.state(at: now) == state?.rawValue) && concerns($0) }
            if json {
                Console.exact(JSONOutput.line(["requests": .array(requests.map { r in
                    .object(["id": .string(r.id), "kind": .string(r.kind.rawValue), "license": .string(r.license), "state": .string(r.state(at: now)),
                             "rule": .string(r.rule.id), "proposer": .string(r.proposer), "expires": .string(r.expiresAt.rfc3339)])
                })]))
                return
            }
            for r in requests {
                Console.out("\(r.id)\t\(r.state(at: now))\t\(r.kind.rawValue)\t\(r.license)\t\(r.rule.id)\tby \(r.proposer)\t\(r.reason)")
            }
            let emergencies = governance.emergencies.values.sorted { $0.seq < $1.seq }.filter { e in
                (state == nil || e.state(at: now) == state?.rawValue)
                    && (me == nil || e.admin == me?.name || (e.review == nil && me?.roles.contains(e.reviewRole) == true))
            }
            for e in emergencies {
                Console.out("\(e.id)\t\(e.state(at: now))\t\(e.kind.rawValue)\t\(e.license)\temergency\tby \(e.admin)\t\(e.reason)")
            }
            if requests.isEmpty && emergencies.isEmpty { Console.out("no change requests" + (state.map { " in state \($0.rawValue)" } ?? "")) }
        }
    }

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
            let (_, state) = try ChangeCommand.load(location)
            let request = try ChangeCommand.find(id, in: state)
            if json {
                Console.exact(JSONOutput.line(["id": .string(request.id), "state": .string(request.state(at: try Clock.now())), "kind": .string(request.kind.rawValue),
                                             "license": .string(request.license), "params": request.params, "rule": .string(request.rule.id),
                                             "quote": request.quote?.json ?? .null, "proposal": .string(request.proposalHash.hex),
                                             "summary": .array(try ChangeSummary.lines(request, state: state).map { .string($0) })]))
                return
            }
            for line in try ChangeSummary.lines(request, state: state) { Console.out("\(line)") }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve the open step of a change request with your key.",
                                                        discussion: """
                                                            Without --yes, shows the summary and asks you to type the change id.

                                                            Examples:
                                                              tierledger change approve CR-5 --key dana.pem
                                                              tierledger change approve CR-5 --comment "discount checked" --yes \\
                                                                  --key dana.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("A comment, recorded with the approval.", valueName: "text")) var comment: String?
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let key = try signing.load()
            let (service, state) = try ChangeCommand.load(location)
            let request = try ChangeCommand.find(id, in: state)
            guard let step = request.currentStep, let policy = state.policy?.set else { throw CLIError("\(request.id) has no open step (\(request.state(at: try Clock.now())))") }
            try ChangeCommand.confirm(request, state: state, action: "approve", yes: yes)
            let (stored, written) = try GovernedWrite.oneReturningState(
                Workflow.approve, Workflow.approval(request: request.seq, proposal: request.proposalHash, step: step, policy: policy.hash, comment: comment),
                key: key, service: service, waiting: waiting)
            let after = try ChangeCommand.find(id, in: written)
            Console.out("approved step \(step + 1) of \(request.id) in entry \(stored.entry.seq); it is now \(after.state(at: try Clock.now()))")
        }
    }

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
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why; recorded.", valueName: "text")) var reason: String
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let c = try Context(location, signing)
            let request = try c.request(id)
            try ChangeCommand.confirm(request, state: c.state, action: "reject", yes: yes)
            let stored = try c.record(Workflow.reject, Workflow.rejection(request: request.seq, proposal: request.proposalHash,
                                                                        reason: reason, policy: c.policy.hash), waiting)
            Console.out("rejected \(request.id) in entry \(stored.entry.seq)")
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a pending change request (by its proposer or an admin).",
                                                        discussion: """
                                                            Examples:
                                                              tierledger change withdraw CR-5 --reason "customer chose team" --key pat.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("Why; recorded.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let c = try Context(location, signing)
            let request = try c.request(id)
            let stored = try c.record(Workflow.withdraw, Workflow.withdrawal(request: request.seq, reason: reason, policy: c.policy.hash), waiting)
            Console.out("withdrew \(request.id) in entry \(stored.entry.seq)")
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply an approved change to its license (by an operator or admin).",
                                                        discussion: """
                                                            The lifecycle rules are checked again at the apply's time.

                                                            Examples:
                                                              tierledger change apply CR-5 --key ops.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let c = try Context(location, signing)
            let request = try c.request(id)
            let stored = try c.record(Workflow.apply, Workflow.application(request: request.seq, proposal: request.proposalHash,
                                                                         policy: c.policy.hash), waiting)
            Console.out("applied \(request.id) to \(request.license) in entry \(stored.entry.seq)")
        }
    }
}

/// The approver's view of a change request.
enum ChangeSummary {
    static func lines(_ r: ChangeRequest, state: GovernanceState) throws -> [String] {
        let now = try Clock.now()
        var out = ["\(r.id): \(r.kind.rawValue) of license \(r.license), \(r.state(at: now)); proposed by \(r.proposer) at \(r.proposedAt)",
                   "reason: \(r.reason)"]
        if let policy = state.policy?.set {
            let before = r.state == .applied ? nil : state.licenses[r.license]
            if let outcome = try? LicenseChange.evaluate(r.kind, id: r.license, params: r.params, license: before, at: now, policy: policy, seq: r.seq) {
                out.append("what changes:")
                out += EntitlementDiff.lines(before: before, after: outcome.license, catalog: policy.catalog).map { "  " + $0 }
            }
            if let quote = r.quote {
                func money(_ minor: Int64, signed: Bool = false) -> String { Money.text(minor, quote.currency, signed: signed) }
                out.append("price per \(quote.billingPeriod):")
                out += quote.lines.map { "  \(QuoteText.description($0, currency: quote.currency)): \(money($0.amount))" }
                out.append("  total: \(money(quote.total))")
                if let current = before, let old = try? policy.quote(tier: current.tier, seats: current.seats, addons: current.addons) {
                    out.append("  difference from the current list price: \(money(quote.total - old.total, signed: true))")
                }
            }
            out.append("rule: \(r.rule.id): \(r.rule.description)")
        }
        for (i, step) in r.rule.steps.enumerated() {
            let done = r.approvals[i].map { "\($0.principal) at \($0.time)\($0.escalated ? " (escalated)" : "")" }
            var line = "step \(i + 1): \(r.approvals[i].count)/\(step.count) × \(step.role)"
            if !done.isEmpty { line += " — " + done.joined(separator: ", ") }
            if let e = step.escalation, let opened = r.stepOpenedAt[i], r.approvals[i].count < Int(step.count),
               let at = EntryTime(milliseconds: opened.milliseconds + e.afterHours * 3_600_000) {
                line += "; \(e.role) may approve from \(at)"
            }
            out.append(line)
        }
        switch r.state {
        case .pending:
            out.append("expires: \(r.expiresAt)")
        case .approved:
            let last = r.approvals.flatMap { $0 }.map(\.seq).max()
            out.append("approved" + (last.map { " in entry \($0)" } ?? "") + "; an operator applies it: tierledger change apply \(r.id) --key FILE")
        default:
            out.append("closed in entry \(r.closedAt.map(String.init) ?? "-")\(r.closingReason.map { ": \($0)" } ?? "")")
        }
        out.append("proposal hash: \(r.proposalHash.hex)")
        return out
    }
}

/// The parameters of a change, shared by propose, amend and emergency.
struct ChangeParameterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("issue: the customer.", valueName: "customer")) var customer: String?
    @Option(name: .long, help: ArgumentHelp("issue: the tier.", valueName: "tier")) var tier: String?
    @Option(name: .long, help: ArgumentHelp("issue, seats: the seat count.", valueName: "n")) var seats: Int64?
    @Option(name: .long, help: ArgumentHelp("issue: an add-on (repeat); addon-add/addon-remove: the add-on.", valueName: "addon")) var addon: [String] = []
    @Option(name: .long, help: ArgumentHelp("issue, renew: the term in months.", valueName: "months")) var termMonths: Int64?
    @Option(name: .long, help: ArgumentHelp("A manual discount in basis points.", valueName: "bp")) var discountBp: Int64?
    @Option(name: .long, help: ArgumentHelp("upgrade, downgrade: the new tier.", valueName: "tier")) var toTier: String?
    @Option(name: .long, help: ArgumentHelp("transfer: the new customer.", valueName: "customer")) var toCustomer: String?
    @Option(name: .long, help: ArgumentHelp("quota-adjust: the metric.", valueName: "metric")) var metric: String?
    @Option(name: .long, help: ArgumentHelp("quota-adjust: the new limit.", valueName: "n")) var limit: Int64?
    @Option(name: .long, help: ArgumentHelp("seats, downgrade: how use above the new limits will be brought down.", valueName: "text"))
    var remediation: String?

    func params(for kind: ChangeKind) -> JSONValue {
        var p: [String: JSONValue] = [:]
        if let customer { p["customer"] = .string(customer) }
        if let tier { p["tier"] = .string(tier) }
        if let seats { p["seats"] = .integer(seats) }
        if !addon.isEmpty {
            if kind == .addonAdd || kind == .addonRemove { p["addon"] = .string(addon[0]) } else { p["addons"] = .array(addon.map { .string($0) }) }
        }
        if let termMonths { p["term_months"] = .integer(termMonths) }
        if let discountBp { p["discount_bp"] = .integer(discountBp) }
        if let toTier { p["to_tier"] = .string(toTier) }
        if let toCustomer { p["to_customer"] = .string(toCustomer) }
        if let metric { p["metric"] = .string(metric) }
        if let limit { p["limit"] = .integer(limit) }
        if let remediation { p["remediation"] = .string(remediation) }
        return .object(p)
    }
}

extension ChangeCommand {
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revise a pending change request (by its proposer): a new version, approvals cleared.",
            discussion: """
                Give the full new parameters.

                Examples:
                  tierledger change amend CR-6 --tier business --seats 20 --term-months 12 \\
                      --reason "no discount" --key pat.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @OptionGroup var change: ChangeParameterOptions
        @Option(name: .long, help: ArgumentHelp("Why it changed; shown to approvers.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let c = try Context(location, signing)
            let request = try c.request(id)
            let now = try Clock.now()
            let body: JSONValue
            do {
                body = try Workflow.amendment(of: request, params: change.params(for: request.kind), reason: reason, under: c.policy,
                                              state: c.state, at: now)
            } catch {
                throw CLIError(error.message)
            }
            let (stored, state) = try c.recordReturningState(Workflow.amend, body, waiting)
            let after = try ChangeCommand.find(id, in: state)
            Console.out("amended \(request.id) in entry \(stored.entry.seq): rule \(after.rule.id), approvals cleared, expires \(after.expiresAt)")
        }
    }

    struct Emergency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a change at once, outside the approval rules (admin only); it must be reviewed within the policy's window.",
            discussion: """
                Examples:
                  tierledger change emergency suspend --license ACME-1 --reason "fraud alert" \\
                      --key admin.pem
                  tierledger change emergency seats --license ACME-1 --seats 40 \\
                      --reason "outage workaround" --key admin.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change kind.", valueName: "kind")) var kind: String
        @Option(name: .long, help: ArgumentHelp("The license id.", valueName: "id")) var license: String
        @OptionGroup var change: ChangeParameterOptions
        @Option(name: .long, help: ArgumentHelp("Why it could not wait; recorded.", valueName: "text")) var reason: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            guard let changeKind = ChangeKind(rawValue: kind), changeKind != .policyAdopt else { throw ValidationError("unknown kind \"\(kind)\"") }
            let c = try Context(location, signing)
            let (stored, after) = try c.recordReturningState(Workflow.emergency,
                                                             Workflow.emergencyChange(kind: changeKind, license: license,
                                                                                      params: change.params(for: changeKind), reason: reason,
                                                                                      policy: c.policy.hash), waiting)
            let change = try ChangeCommand.emergency(stored.entry.seq, in: after)
            Console.out("applied emergency change \(change.id) to \(license); \(change.reviewRole) must review it by \(change.reviewDeadline)")
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Review an emergency change (by a holder of the policy's review role, not the admin who applied it).",
                                                        discussion: """
                                                            A review after the policy's window is accepted and marked late.

                                                            Examples:
                                                              tierledger change review CR-9 --key sec.pem
                                                              tierledger change review CR-9 --comment "confirmed with the customer" \\
                                                                  --key sec.pem

                                                            \(ExitStatusHelp.writes)
                                                            """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The change id.", valueName: "id")) var id: String
        @Option(name: .long, help: ArgumentHelp("A comment, recorded.", valueName: "text")) var comment: String?
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let c = try Context(location, signing)
            let seq = try ChangeCommand.requestSeq(id)
            let (stored, after) = try c.recordReturningState(Workflow.review, Workflow.reviewal(request: seq, policy: c.policy.hash, comment: comment),
                                                             waiting)
            let change = try ChangeCommand.emergency(seq, in: after)
            Console.out("reviewed \(change.id) in entry \(stored.entry.seq)" + (change.review?.late == true ? " (after its review window closed)" : ""))
        }
    }
}
