import Ledger
import LedgerCrypto

extension GovernanceState {
    /// The change requests, in order, whose status at `now` is `status` (any when nil), and, with a
    /// `principal`, only those it proposed or whose open step it may fill now (`StepEligibility`)
    /// and has not filled already.
    public func changeRequests(status: String? = nil, concerning principal: Principal? = nil, at now: EntryTime) -> [ChangeRequest] {
        requests.values.sorted { $0.seq < $1.seq }.filter { r in
            guard status.map({ r.status(at: now).rawValue == $0 }) ?? true else { return false }
            guard let principal else { return true }
            if r.proposer == principal.name { return true }
            guard r.status(at: now) == .pending, !r.approvers.contains(principal.name) else { return false }
            switch r.eligibility(of: principal.roles, at: now) {
            case .byRole?, .byEscalation?: return true
            default: return false
            }
        }
    }

    /// The emergency changes, in order, whose status at `now` is `status` (any when nil), and, with a
    /// `principal`, only those it made or may review.
    public func emergencyChanges(status: String? = nil, concerning principal: Principal? = nil, at now: EntryTime) -> [EmergencyChange] {
        emergencies.values.sorted { $0.seq < $1.seq }.filter { e in
            guard status.map({ e.status(at: now).rawValue == $0 }) ?? true else { return false }
            guard let principal else { return true }
            return e.admin == principal.name || (e.review == nil && principal.roles.contains(e.reviewRole))
        }
    }

    /// The principal a key belongs to, if any.
    public func principal(holding key: KeyID) -> Principal? {
        keyOwners[key].flatMap { principals[$0] }
    }
}

extension ChangeRequest {
    /// The request as `change list --json` shows it, with its status at `now`.
    public func listing(at now: EntryTime) -> JSONValue {
        .object(["id": .string(id), "kind": .string(kind.rawValue), "license": .string(license), "state": .string(status(at: now).rawValue),
                 "rule": .string(rule.id), "proposer": .string(proposer), "expires": .string(expiresAt.rfc3339)])
    }
}
