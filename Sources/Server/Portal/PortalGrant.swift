import Governance
import Ledger

/// A portal request whose session checked out against the current ledger state: who is looking,
/// the same `Caller` the JSON API would see for them, and the state the page is read from.
struct PortalGrant: Sendable {
    let session: PortalSession
    let caller: Caller
    let state: GovernanceState
    let now: EntryTime

    var isStaff: Bool {
        if case .staff = caller { return true }
        return false
    }

    /// The customer a customer session is confined to; nil for staff.
    var customer: String? {
        if case let .customer(_, customer, _) = caller { return customer }
        return nil
    }

    /// The caller a session's viewer is now, or why it is no longer anyone: the token must still
    /// be issued, unrevoked, unexpired and hold the read scope; the staff key must still be current.
    static func caller(for viewer: PortalViewer, state: GovernanceState, at now: EntryTime) -> Caller? {
        switch viewer {
        case let .customer(id, customer):
            guard let token = state.tokens[id], token.customer == customer, token.revocation == nil, now < token.expires,
                  token.scopes.contains(.read)
            else { return nil }
            return .customer(token: id, customer: customer, scopes: token.scopes)
        case let .staff(name, key):
            guard case let .success((principal, _)) = state.staffKey(key, at: now), principal.name == name else { return nil }
            return .staff(name: name, roles: principal.roles, key: key)
        }
    }
}

extension PortalGrant {
    /// The same grant as the JSON API's, so that pages apply exactly its ownership rules.
    var api: Grant { Grant(caller: caller, state: state, now: now) }
}
