import Ledger

/// The governance entry types and the role each one's signer needs. Types not listed here are
/// raw integration entries (`tierledger append`), which an `operator` or `admin` signs; `usage.*`
/// entries may also be signed by `telemetry`.
public enum GovernanceEntryType {
    public static let enroll = "principal.enroll"
    public static let roles = "principal.roles"
    public static let rotateKey = "principal.rotate-key"
    public static let revoke = "principal.revoke"

    /// Every type with a fixed meaning, for help and docs.
    public static let governed = [enroll, roles, rotateKey, revoke, PolicyAdoption.type, SLAEntry.incident, SLAEntry.ticket,
                                   SLAEntry.maintenance, SLAEntry.exclusion, SLAEntry.credit, Certification.type,
                                   TokenEntry.issue, TokenEntry.revoke, ActivationEntry.activate, ActivationEntry.deactivate,
                                   PrivacyEntry.contact, PrivacyEntry.erase,
                                   CustomerRequestEntry.request, CustomerRequestEntry.decline]

    /// Types whose bodies must name the policy version in force (once there is one).
    public static func namesPolicy(_ type: String) -> Bool {
        [enroll, roles, rotateKey, revoke].contains(type)
    }

    /// Namespaces whose types only the governance layer defines: a raw entry may not use them.
    public static let reservedPrefixes = ["principal.", "policy.", "change.", "sla.", "token.", "privacy.", "customer."]

    /// True for a type in a reserved namespace that this version does not define.
    public static func isUndefinedReserved(_ type: String) -> Bool {
        reservedPrefixes.contains { type.hasPrefix($0) } && !governed.contains(type) && !Workflow.types.contains(type)
    }

    /// The roles of which the signer must hold at least one.
    public static func requiredRoles(for type: String) -> Set<Role> {
        switch type {
        case enroll, roles, revoke, PolicyAdoption.type, TokenEntry.issue, TokenEntry.revoke:
            return [.admin]
        case rotateKey:
            return [.admin]  // or the principal itself, checked separately
        case EntryType.keyEnroll:
            return []  // not allowed in a governed ledger
        case Certification.type:
            return [.licensor]
        case SLAEntry.exclusion:
            // Not the operator who records incidents: excusing one is someone else's call.
            return [.admin, .compliance]
        case ActivationEntry.activate:
            return [.activator]
        case ActivationEntry.deactivate:
            return [.activator, .admin]
        case CustomerRequestEntry.request:
            return [.intake]
        case CustomerRequestEntry.decline:
            return [.proposer, .admin]
        default:
            if type.hasPrefix("usage.") { return [.telemetry, .operator, .admin] }
            return [.operator, .admin]
        }
    }
}
