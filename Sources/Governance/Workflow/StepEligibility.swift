import Ledger

/// Whether a principal may decide on a request's open step at a moment: the one statement of the
/// step and escalation rule, used by the ledger's rules, by `change list --mine` and by the
/// approver's summary.
public enum StepEligibility: Sendable, Equatable {
    /// The principal holds the step's role.
    case byRole
    /// The principal holds the escalation role and the step has waited long enough.
    case byEscalation
    /// The principal holds the escalation role; it may decide from `time`.
    case escalationFrom(EntryTime)
    /// The principal holds neither role.
    case no
}

extension ApprovalPolicy.Step {
    /// When an escalation lets its role decide on this step, if the step opened at `opened`.
    public func escalationTime(openedAt opened: EntryTime) -> EntryTime? {
        escalation.flatMap { EntryTime(milliseconds: opened.milliseconds + $0.afterHours * 3_600_000) }
    }
}

extension ChangeRequest {
    /// May a principal holding `roles` decide on the open step at `time`? Nil when no step is open.
    /// (Separation of duties and distinctness are separate rules: see `GovernanceState.admitWorkflow`.)
    public func eligibility(of roles: Set<Role>, at time: EntryTime) -> StepEligibility? {
        guard let index = currentStep else { return nil }
        let step = rule.steps[index]
        if roles.contains(step.role) { return .byRole }
        guard let escalation = step.escalation, roles.contains(escalation.role), let opened = stepOpenedAt[index],
              let from = step.escalationTime(openedAt: opened)
        else { return .no }
        return time >= from ? .byEscalation : .escalationFrom(from)
    }
}
