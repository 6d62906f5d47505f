/// An approval step that fewer active principals with a current key can fill than it needs: such
/// changes cannot be approved until more are enrolled.
public struct StaffingGap: Sendable, Equatable {
    public let rule: String
    public let role: Role
    public let needed: Int64
    public let holders: Int
}

extension PolicySet {
    /// The steps of this version's rules that the principals of `state` cannot fill.
    public func staffingGaps(in state: GovernanceState) -> [StaffingGap] {
        approvals.rules.flatMap { rule in
            rule.steps.compactMap { step -> StaffingGap? in
                let holders = state.principals.values.filter { $0.isActive && $0.currentKey != nil && $0.roles.contains(step.role) }.count
                return holders < step.count ? StaffingGap(rule: rule.id, role: step.role, needed: step.count, holders: holders) : nil
            }
        }
    }
}
