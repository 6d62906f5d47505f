import Ledger

/// The approver's view of a change request.
public enum ChangeSummary {
    /// What an approver reads before signing: the entitlements before and after, the price lines,
    /// the rule and why, each step with who filled it and when an escalation opens, and the deadline.
    public static func lines(_ r: ChangeRequest, state: GovernanceState, at now: EntryTime) -> [String] {
        var out = ["\(r.id): \(r.kind.rawValue) of license \(r.license), \(r.status(at: now)); proposed by \(r.proposer) at \(r.proposedAt)",
                   "reason: \(r.reason)"]
        if let asked = state.customerRequests.values.first(where: { $0.proposals.contains(r.seq) }) {
            out.append("answers \(asked.id): \(asked.customer) asked for \(asked.ask.summary) at \(asked.time)"
                + (asked.message.map { " (\"\($0)\")" } ?? ""))
        }
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
               let at = step.escalationTime(openedAt: opened) {
                line += "; \(e.role) may approve from \(at)"
            }
            out.append(line)
        }
        switch r.state {
        case .pending:
            out.append("expires: \(r.expiresAt)")
            if let restriction = r.applyRestriction { out.append("applied \(restriction) (rule \(r.rule.id))") }
        case .approved:
            let last = r.approvals.flatMap { $0 }.map(\.seq).max()
            out.append("approved" + (last.map { " in entry \($0)" } ?? "") + "; an operator applies it"
                + (r.applyRestriction.map { " (\($0), by rule \(r.rule.id))" } ?? "") + ": tierledger change apply \(r.id) --key FILE")
        default:
            out.append("closed in entry \(r.closedAt.map(String.init) ?? "-")\(r.closingReason.map { ": \($0)" } ?? "")")
        }
        out.append("proposal hash: \(r.proposalHash.hex)")
        return out
    }
}

extension ChangeRequest {
    /// The request as `change show --json` prints it and the server answers `GET /changes/{id}`:
    /// what changes, the price lines, the rule, the steps, and the summary an approver reads.
    public func document(state: GovernanceState, at now: EntryTime) -> JSONValue {
        let lines = ChangeSummary.lines(self, state: state, at: now)
        return .object(["id": .string(id), "state": .string(status(at: now).rawValue), "kind": .string(kind.rawValue),
                        "license": .string(license), "params": params, "rule": .string(rule.id),
                        "quote": quote?.json ?? .null, "proposal": .string(proposalHash.hex),
                        "summary": .array(lines.map { .string($0) })])
    }
}
