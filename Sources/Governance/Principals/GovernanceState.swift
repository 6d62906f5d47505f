import Ledger
import LedgerCrypto

/// Who may sign what, replayed from the ledger: principals, their roles and keys.
///
/// As an `EntryAuthority` it is what `verify` and every writer run entries through: the signer of
/// each entry must be an enrolled, unrevoked principal whose key is current at that entry (not
/// rotated out, not revoked as of the entry's time) and who holds a role the entry type needs.
public struct GovernanceState: EntryAuthority {
    public internal(set) var principals: [String: Principal] = [:]
    /// Which principal each key (current or not) belongs to. Keys are never reused.
    public internal(set) var keyOwners: [KeyID: String] = [:]
    public internal(set) var genesis: Genesis?
    /// The last entry folded in.
    public internal(set) var lastSeq: Int64 = -1
    /// The policy version in force, and the entry that adopted it.
    public internal(set) var policy: (set: PolicySet, adoptedAt: Int64)?
    /// Licenses, as applied changes have shaped them.
    public internal(set) var licenses: [String: License] = [:]
    /// Change requests by the sequence number of their proposal.
    public internal(set) var requests: [Int64: ChangeRequest] = [:]
    /// Emergency changes by the sequence number of their entry.
    public internal(set) var emergencies: [Int64: EmergencyChange] = [:]
    /// Recorded usage: license → metric → records.
    public internal(set) var usage: [String: [String: [UsageRecord]]] = [:]
    /// Keys of every usage record, so none is recorded twice.
    public internal(set) var usageKeys: Set<String> = []
    /// Recorded service incidents and support tickets, in ledger order.
    public internal(set) var incidents: [Incident] = []
    public internal(set) var tickets: [Ticket] = []
    /// Announced maintenance windows, in ledger order.
    public internal(set) var slaMaintenance: [MaintenanceWindow] = []
    /// Incidents excluded from uptime (force majeure), by the incident's entry.
    public internal(set) var slaExclusions: [Int64: SLAExclusion] = [:]
    /// Service credits issued, by license id, in ledger order.
    public internal(set) var slaCredits: [String: [SLACreditIssue]] = [:]
    /// `license.certify` entries by license, oldest first: the serials of its certificates.
    public internal(set) var certifications: [String: [Int64]] = [:]
    /// Access tokens by id (`token.issue`, `token.revoke`).
    public internal(set) var tokens: [String: AccessToken] = [:]
    /// Machine activations by license, in ledger order (`license.activate`, `license.deactivate`).
    public internal(set) var activations: [String: [Activation]] = [:]
    /// Customers' requests by the sequence number of their `customer.request` entry (`customer.decline`
    /// and proposals naming them update them).
    public internal(set) var customerRequests: [Int64: CustomerRequest] = [:]

    public init() {}

    // MARK: EntryAuthority

    public func signingKey(for entry: Entry) throws(AuthorityViolation) -> PublicKey {
        guard genesis != nil else { return try Genesis.signingKey(forFirst: entry) }
        guard entry.type != EntryType.genesis else { throw AuthorityViolation(.governanceEntryType, "only entry 0 may be \(EntryType.genesis)") }
        guard entry.type != EntryType.keyEnroll else {
            throw AuthorityViolation(.governanceEntryType, "\(EntryType.keyEnroll) is not used in a governed ledger: enrol keys with \(GovernanceEntryType.enroll)")
        }
        guard let ownerName = keyOwners[entry.signer], let owner = principals[ownerName],
              let record = owner.keys.first(where: { $0.key.id == entry.signer })
        else {
            throw AuthorityViolation(.governanceNotAllowed, "signer key \(entry.signer.short)… belongs to no enrolled principal")
        }
        if let revocation = owner.revocation, entry.time >= revocation.effective {
            throw AuthorityViolation(.governanceNotAllowed, "principal \(ownerName) was revoked in entry \(revocation.seq) (\(revocation.reason)); its keys sign nothing from \(revocation.effective)")
        }
        guard record.isUsable(at: entry.time) else {
            switch record.retirement {
            case let .rotated(seq)?:
                throw AuthorityViolation(.governanceNotAllowed, "key \(entry.signer.short)… of \(ownerName) was rotated out in entry \(seq); sign with the current key")
            case let .revoked(revocation)?:
                throw AuthorityViolation(.governanceNotAllowed, "key \(entry.signer.short)… of \(ownerName) was revoked in entry \(revocation.seq) (\(revocation.reason))")
            case nil:
                throw AuthorityViolation(.governanceNotAllowed, "key \(entry.signer.short)… of \(ownerName) may not sign")
            }
        }
        guard !GovernanceEntryType.isUndefinedReserved(entry.type) else {
            throw AuthorityViolation(.governanceEntryType, "\(entry.type) is in a namespace the governance layer reserves, and is not one of its entry types")
        }
        if Workflow.types.contains(entry.type), Workflow.requiredRoles(for: entry.type) == nil { return record.key }
        let needed = Workflow.requiredRoles(for: entry.type) ?? GovernanceEntryType.requiredRoles(for: entry.type)
        let selfRotation = entry.type == GovernanceEntryType.rotateKey && entry.body["name"]?.stringValue == ownerName
        guard selfRotation || !needed.isDisjoint(with: owner.roles) else {
            let roles = owner.roles.isEmpty ? "no roles" : "roles " + owner.roles.sorted().map(\.name).joined(separator: ", ")
            throw AuthorityViolation(.governanceNotAllowed, "\(ownerName) (\(roles)) may not sign \(entry.type): it needs "
                + needed.sorted().map(\.name).joined(separator: " or "))
        }
        return record.key
    }

    public mutating func admit(_ entry: Entry) throws(AuthorityViolation) {
        defer { lastSeq = entry.seq }
        if GovernanceEntryType.namesPolicy(entry.type) { try checkPolicyNamed(in: entry) }
        switch entry.type {
        case EntryType.genesis:
            let parsed = try Genesis.parse(entry.body).get()
            genesis = parsed
            try add(Principal(name: parsed.adminName, roles: [.admin], keys: [KeyRecord(key: parsed.adminKey, addedAt: entry.seq)],
                              enrolledAt: entry.seq))
        case GovernanceEntryType.enroll:
            let body = try PrincipalBodies.Enroll(entry.body)
            guard principals[body.name] == nil else {
                throw AuthorityViolation(.governanceDuplicate, "principal \(body.name) is already enrolled; change its roles with \(GovernanceEntryType.roles)")
            }
            guard !body.roles.isEmpty else {
                throw AuthorityViolation(.governanceBody, "\(GovernanceEntryType.enroll): \"roles\" names no role; a principal is enrolled with at least one")
            }
            try checkAreas(of: body.roles, in: entry.type)
            try add(Principal(name: body.name, roles: body.roles, keys: [KeyRecord(key: body.key, addedAt: entry.seq)], enrolledAt: entry.seq))
        case GovernanceEntryType.roles:
            let body = try PrincipalBodies.Roles(entry.body)
            var principal = try active(body.name)
            if let held = body.add.intersection(principal.roles).sorted().first {
                throw AuthorityViolation(.governanceDuplicate, "\(GovernanceEntryType.roles): \(body.name) already holds \(held); add only roles it lacks")
            }
            if let missing = body.remove.subtracting(principal.roles).sorted().first {
                throw AuthorityViolation(.governanceBody, "\(GovernanceEntryType.roles): \(body.name) does not hold \(missing); remove only roles it holds")
            }
            try checkAreas(of: body.add, in: entry.type)
            principal.roles.formUnion(body.add)
            principal.roles.subtract(body.remove)
            principals[body.name] = principal
            try requireAnAdmin(after: "removing admin from \(body.name)")
        case GovernanceEntryType.rotateKey:
            let body = try PrincipalBodies.RotateKey(entry.body)
            var principal = try active(body.name)
            guard keyOwners[body.key.id] == nil else {
                throw AuthorityViolation(.governanceDuplicate, "key \(body.key.id.short)… was already used in this ledger; keys are never reused")
            }
            // A rotation retires every earlier key at once, even one whose revocation is only
            // scheduled: otherwise a key revoked with a future `effective` would outlive its successor.
            for index in principal.keys.indices where principal.keys[index].rotatedAt == nil {
                principal.keys[index].rotatedAt = entry.seq
            }
            principal.keys.append(KeyRecord(key: body.key, addedAt: entry.seq))
            principals[body.name] = principal
            keyOwners[body.key.id] = body.name
        case UsageEntry.type:
            try admitUsage(entry)
        case SLAEntry.incident, SLAEntry.ticket:
            try admitSLA(entry)
        case SLAEntry.maintenance, SLAEntry.exclusion, SLAEntry.credit:
            try admitSLAFairness(entry, signer: keyOwners[entry.signer] ?? "")
        case Certification.type:
            try admitCertification(entry)
        case TokenEntry.issue, TokenEntry.revoke:
            try admitToken(entry)
        case ActivationEntry.activate, ActivationEntry.deactivate:
            try admitActivation(entry)
        case PrivacyEntry.contact, PrivacyEntry.erase:
            try admitPrivacy(entry)
        case CustomerRequestEntry.request, CustomerRequestEntry.decline:
            try admitCustomerRequest(entry, signer: keyOwners[entry.signer] ?? "")
        case PolicyAdoption.type:
            let adopted = try PolicyAdoption.read(entry.body)
            if policy != nil {
                // A new version is itself a change: it needs an approved policy-adopt request for this hash.
                guard let seq = entry.body["request"]?.integerValue, var request = requests[seq] else {
                    throw AuthorityViolation(.governanceAdoptionUnapproved, "\(PolicyAdoption.type): a policy is in force, so a new version needs an approved policy-adopt "
                        + "change request (`tierledger change propose policy-adopt --policies DIR ...`), named as \"request\"")
                }
                guard request.kind == .policyAdopt, request.params["hash"]?.stringValue == adopted.hash else {
                    throw AuthorityViolation(.governanceStale, "\(PolicyAdoption.type): \(request.id) does not approve version \(adopted.hash)")
                }
                guard request.state == .approved else {
                    throw AuthorityViolation(.governanceRequestState, "\(PolicyAdoption.type): \(request.id) is \(request.status(at: entry.time)), not approved")
                }
                if let refusal = request.applyRefusal(by: keyOwners[entry.signer] ?? "") {
                    throw AuthorityViolation(.governanceSeparationOfDuties, "\(PolicyAdoption.type): \(refusal)")
                }
                request.state = .applied
                request.closedAt = entry.seq
                request.appliedBy = keyOwners[entry.signer]
                requests[seq] = request
            } else if entry.body["request"] != nil {
                throw AuthorityViolation(.governanceBody, "\(PolicyAdoption.type): the first policy version is adopted without a request")
            }
            policy = (adopted, entry.seq)
        case let type where Workflow.types.contains(type):
            guard let owner = keyOwners[entry.signer], let signer = principals[owner] else {
                throw AuthorityViolation(.governanceNotAllowed, "\(type): the signer is not an enrolled principal")
            }
            try admitWorkflow(entry, signer: signer)
        case GovernanceEntryType.revoke:
            let body = try PrincipalBodies.Revoke(entry.body)
            var principal = try active(body.name)
            let effective = body.effective ?? entry.time
            guard effective >= entry.time else {
                throw AuthorityViolation(.governanceTime, "a revocation takes effect at its own time or later (effective \(effective) is before \(entry.time)); "
                    + "entries already in the ledger stay as they are")
            }
            let revocation = Revocation(seq: entry.seq, effective: effective, reason: body.reason)
            if let keyID = body.keyID {
                guard let index = principal.keys.firstIndex(where: { $0.key.id == keyID }) else {
                    throw AuthorityViolation(.governanceNotFound, "key \(keyID.short)… does not belong to \(body.name)")
                }
                guard principal.keys[index].retirement == nil else { throw AuthorityViolation(.governanceDuplicate, "key \(keyID.short)… is already retired") }
                principal.keys[index].revocation = revocation
                principals[body.name] = principal
                try requireAnAdmin(after: "revoking key \(keyID.short)… of \(body.name)")
            } else {
                principal.revocation = revocation
                principals[body.name] = principal
                try requireAnAdmin(after: "revoking \(body.name)")
            }
        default:
            break
        }
    }

    // MARK: Helpers

    /// Once a policy is in force, governance entries name it: `"policy": <hash>`; before, they must not.
    private func checkPolicyNamed(in entry: Entry) throws(AuthorityViolation) {
        let named = entry.body["policy"]
        switch (policy, named) {
        case (nil, nil):
            return
        case (nil, _?):
            throw AuthorityViolation(.governanceNoPolicy, "\(entry.type) names a policy, but none has been adopted yet")
        case let (current?, nil):
            throw AuthorityViolation(.governanceBody, "\(entry.type) must name the policy version it was made under (\"policy\": \"\(current.set.hash)\", "
                + "adopted in entry \(current.adoptedAt))")
        case let (current?, value?):
            guard value.stringValue == current.set.hash else {
                throw AuthorityViolation(.governanceStale, "\(entry.type) names policy \(value.stringValue ?? value.kindName), but the version in force is "
                    + "\(current.set.hash) (adopted in entry \(current.adoptedAt)); re-read the policy and retry")
            }
        }
    }

    /// Once a policy is in force, an `approver:<area>` role granted must name one of its `areas`
    /// (before any adoption there is nothing to check against). Grants made earlier stay.
    private func checkAreas(of roles: Set<Role>, in type: String) throws(AuthorityViolation) {
        guard let areas = policy?.set.approvals.areas else { return }
        for role in roles.sorted() {
            if let area = role.approvalArea, !areas.contains(area) {
                throw AuthorityViolation(.governanceBody, "\(type): \(role) names area \(area), which the policy in force does not declare "
                    + "(areas: \(areas.joined(separator: ", "))); declare it in approvals.yaml first")
            }
        }
    }

    private mutating func add(_ principal: Principal) throws(AuthorityViolation) {
        for record in principal.keys where keyOwners[record.key.id] != nil {
            throw AuthorityViolation(.governanceDuplicate, "key \(record.key.id.short)… already belongs to \(keyOwners[record.key.id] ?? "another principal"); keys are never shared or reused")
        }
        principals[principal.name] = principal
        for record in principal.keys { keyOwners[record.key.id] = principal.name }
    }

    private func active(_ name: String) throws(AuthorityViolation) -> Principal {
        guard let principal = principals[name] else { throw AuthorityViolation(.governanceNotFound, "no principal named \(name) is enrolled") }
        guard principal.isActive else { throw AuthorityViolation(.governanceNotFound, "principal \(name) is revoked") }
        return principal
    }

    /// A ledger that loses its last active admin can never enrol or revoke anyone again.
    private func requireAnAdmin(after action: String) throws(AuthorityViolation) {
        guard principals.values.contains(where: { $0.isActive && $0.roles.contains(.admin) && $0.currentKey != nil }) else {
            throw AuthorityViolation(.governanceLastAdmin, "\(action) would leave no active admin; enrol another admin first")
        }
    }
}
