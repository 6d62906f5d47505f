import Ledger
import LedgerCrypto

/// The change-request entries and their bodies.
///
/// - `change.propose`: `{"kind","license","params","policy","quote"|null,"reason","rule"}` plus optional
///   `"customer_request"` (the `customer.request` it answers); signed by a proposer. `quote` and
///   `rule` must be exactly what the policy in force gives for the change.
/// - `change.approve`: `{"policy","proposal":<hex hash of the proposal entry>,"request":<seq>,"step":<n>}`
///   plus optional `"comment"`; one slot of the current step.
/// - `change.reject`: `{"policy","proposal","reason","request"}`; by someone who may approve the current step.
/// - `change.withdraw`: `{"policy","reason","request"}`; by the proposer (or an admin).
/// - `change.apply`: `{"policy","proposal","request"}`; by an operator or admin, once approved.
/// - `change.amend`: `{"params","policy","quote","reason","request","rule"}`; by the proposer, while
///   pending: a new version (its own hash), rule and quote recomputed, approvals cleared.
/// - `change.emergency`: `{"kind","license","params","policy","reason"}`; by an admin: applied at
///   once, then awaiting review.
/// - `change.review`: `{"policy","request"}`, optional `"comment"`; by a holder of the emergency review role.
public enum Workflow {
    public static let propose = "change.propose"
    public static let approve = "change.approve"
    public static let reject = "change.reject"
    public static let withdraw = "change.withdraw"
    public static let apply = "change.apply"
    public static let amend = "change.amend"
    public static let emergency = "change.emergency"
    public static let review = "change.review"
    public static let types: Set<String> = [propose, approve, reject, withdraw, apply, amend, emergency, review]

    /// Signer roles checked before the entry is read; the finer checks (the step's role, the
    /// proposer) happen in `GovernanceState.admitWorkflow`.
    static func requiredRoles(for type: String) -> Set<Role>? {
        switch type {
        case propose: return [.proposer]
        case apply: return [.operator, .admin]
        case emergency: return [.admin]
        default: return nil
        }
    }

    // MARK: Building bodies

    public static func proposal(kind: ChangeKind, license: String, params: JSONValue, reason: String, under policy: PolicySet,
                                state: GovernanceState, at time: EntryTime, customerRequest: Int64? = nil) throws(AuthorityViolation) -> JSONValue {
        let outcome = try LicenseChange.evaluate(kind, id: license, params: params, license: state.licenses[license], at: time, policy: policy,
                                                 seq: 0, usage: { state.latestUsage(license, $0) })
        guard let rule = policy.approvals.evaluate(outcome.facts).winner else { throw AuthorityViolation(.governanceNoApprovalRule, "no approval rule matches") }
        var members: [String: JSONValue] = ["kind": .string(kind.rawValue), "license": .string(license), "params": params, "reason": .string(reason),
                                            "policy": .string(policy.hash), "rule": .string(rule.id), "quote": outcome.quote?.json ?? .null]
        if let customerRequest {
            // Checked here too, so the proposer hears of a mismatch before anything is signed.
            var probe = state
            try probe.linkCustomerRequest(customerRequest, to: state.lastSeq + 1, kind: kind, license: license, params: params, at: time)
            members["customer_request"] = .integer(customerRequest)
        }
        return .object(members)
    }

    /// The body of an amendment: the same checks as a proposal, against the same license.
    public static func amendment(of request: ChangeRequest, params: JSONValue, reason: String, under policy: PolicySet,
                                 state: GovernanceState, at time: EntryTime) throws(AuthorityViolation) -> JSONValue {
        let outcome = try LicenseChange.evaluate(request.kind, id: request.license, params: params, license: state.licenses[request.license],
                                                 at: time, policy: policy, seq: 0, usage: { state.latestUsage(request.license, $0) })
        guard let rule = policy.approvals.evaluate(outcome.facts).winner else { throw AuthorityViolation(.governanceNoApprovalRule, "no approval rule matches") }
        return .object(["request": .integer(request.seq), "params": params, "reason": .string(reason), "policy": .string(policy.hash),
                        "rule": .string(rule.id), "quote": outcome.quote?.json ?? .null])
    }

    public static func emergencyChange(kind: ChangeKind, license: String, params: JSONValue, reason: String, policy: String) -> JSONValue {
        .object(["kind": .string(kind.rawValue), "license": .string(license), "params": params, "reason": .string(reason), "policy": .string(policy)])
    }

    public static func reviewal(request: Int64, policy: String, comment: String? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["request": .integer(request), "policy": .string(policy)]
        if let comment { members["comment"] = .string(comment) }
        return .object(members)
    }

    public static func approval(request: Int64, proposal: Digest, step: Int, policy: String, comment: String? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["request": .integer(request), "proposal": .string(proposal.hex), "step": .integer(Int64(step)),
                                            "policy": .string(policy)]
        if let comment { members["comment"] = .string(comment) }
        return .object(members)
    }

    public static func rejection(request: Int64, proposal: Digest, reason: String, policy: String) -> JSONValue {
        .object(["request": .integer(request), "proposal": .string(proposal.hex), "reason": .string(reason), "policy": .string(policy)])
    }

    public static func withdrawal(request: Int64, reason: String, policy: String) -> JSONValue {
        .object(["request": .integer(request), "reason": .string(reason), "policy": .string(policy)])
    }

    public static func application(request: Int64, proposal: Digest, policy: String) -> JSONValue {
        .object(["request": .integer(request), "proposal": .string(proposal.hex), "policy": .string(policy)])
    }
}
