import Governance
import Ledger
import LedgerCrypto

/// Principals, roles and keys: each entry names the policy version in force, as the rules ask.
extension GovernanceService {
    /// Enrols a principal with roles and a key (an admin signs).
    public func enrol(_ name: String, roles: Set<Role>, key: PublicKey, _ signing: Signing) throws -> Recorded {
        try recordNamingPolicy(GovernanceEntryType.enroll, signing) { PrincipalBodies.enroll(name: name, roles: roles, key: key, policy: $0) }
    }

    /// Adds and removes roles (an admin signs).
    public func changeRoles(of name: String, add: Set<Role>, remove: Set<Role>, _ signing: Signing) throws -> Recorded {
        try recordNamingPolicy(GovernanceEntryType.roles, signing) { PrincipalBodies.roles(name: name, add: add, remove: remove, policy: $0) }
    }

    /// Rotates a principal to a new key (an admin, or the principal's current key, signs).
    public func rotateKey(of name: String, to key: PublicKey, _ signing: Signing) throws -> Recorded {
        try recordNamingPolicy(GovernanceEntryType.rotateKey, signing) { PrincipalBodies.rotateKey(name: name, key: key, policy: $0) }
    }

    /// Revokes a principal, or one of its keys, now or from `effective` (an admin signs).
    public func revoke(_ name: String, reason: String, keyID: KeyID? = nil, effective: EntryTime? = nil, _ signing: Signing) throws -> Recorded {
        try recordNamingPolicy(GovernanceEntryType.revoke, signing) {
            PrincipalBodies.revoke(name: name, reason: reason, keyID: keyID, effective: effective, policy: $0)
        }
    }

    /// Records a service incident; the result's state holds the licenses it affected.
    public func recordIncident(start: EntryTime, end: EntryTime, severity: Severity, customers: [String], tiers: [String], summary: String,
                               _ signing: Signing) throws -> Recorded {
        try record(SLAEntry.incident, SLAEntry.incidentBody(start: start, end: end, severity: severity, customers: customers, tiers: tiers,
                                                            summary: summary),
                   signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
    }

    /// Records a support ticket's times.
    public func recordTicket(license: String, priority: Severity, opened: EntryTime, firstResponse: EntryTime, resolved: EntryTime,
                             _ signing: Signing) throws -> Recorded {
        try record(SLAEntry.ticket, SLAEntry.ticketBody(license: license, priority: priority, opened: opened, firstResponse: firstResponse,
                                                        resolved: resolved),
                   signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
    }

    /// The state as of a point in the ledger's history (a sequence number or a time), replayed.
    public func state(asOf point: GovernanceReplay.Point) throws -> GovernanceState {
        if case .end = point { return try state() }
        return try GovernanceReplay.state(of: store, at: point)
    }

    private func recordNamingPolicy(_ type: String, _ signing: Signing, _ body: (String?) -> JSONValue) throws -> Recorded {
        try record(type, body(try state().policy?.set.hash), signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
    }
}
