/// Separation of duties at the last step: a rule may forbid the request's proposer, or any of its
/// approvers, from applying it (`proposer_may_apply: false`, `approvers_may_apply: false`), so
/// that the person who asked for a change, or signed it off, is not also the one who puts it in force.
extension ChangeRequest {
    /// Why `principal` may not apply this request under the rule it was routed by, or nil when it may.
    public func applyRefusal(by principal: String) -> String? {
        if !rule.proposerMayApply, principal == proposer {
            return "\(id): \(principal) proposed it, and rule \(rule.id) forbids the proposer to apply it (separation of duties); another operator applies it"
        }
        if !rule.approversMayApply, let approval = approvals.joined().first(where: { $0.principal == principal }) {
            return "\(id): \(principal) approved it in entry \(approval.seq), and rule \(rule.id) forbids an approver to apply it "
                + "(separation of duties); another operator applies it"
        }
        return nil
    }

    /// What the rule says about who applies the request, for people reading it; nil when anyone
    /// with the role may.
    public var applyRestriction: String? {
        switch (rule.proposerMayApply, rule.approversMayApply) {
        case (false, false): return "not by its proposer or an approver"
        case (false, true): return "not by its proposer"
        case (true, false): return "not by an approver"
        case (true, true): return nil
        }
    }
}
