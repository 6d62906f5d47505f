import Governance
import Ledger
import LedgerCrypto

/// The change-request use-cases: each builds its entry from the state the caller has seen (so a
/// decision names the version it was made on), records it through the ledger's rules, and returns
/// the request as the write left it.
extension GovernanceService {
    /// A change request as a write left it.
    public struct ChangeWritten: Sendable {
        public let entry: StoredEntry
        public let request: ChangeRequest
        public let state: GovernanceState
        public let recovered: TornTail?
    }

    /// An emergency change as a write left it.
    public struct EmergencyWritten: Sendable {
        public let entry: StoredEntry
        public let change: EmergencyChange
        public let recovered: TornTail?
    }

    /// How a write is signed and dated.
    public struct Signing: Sendable {
        public let key: PrivateKey
        public let time: EntryTime
        public let future: FutureTimes
        public let wait: LockWait

        public init(key: PrivateKey, time: EntryTime, future: FutureTimes = .refused, wait: LockWait = .noWait) {
            self.key = key
            self.time = time
            self.future = future
            self.wait = wait
        }
    }

    /// The request `CR-<seq>`, as of the last complete entry.
    public func request(_ seq: Int64) throws -> ChangeRequest {
        guard let request = try state().requests[seq] else { throw ServiceError.noSuchRequest("CR-\(seq)") }
        return request
    }

    /// Proposes a change, priced and routed by the policy in force.
    /// With `fromRequest`, the proposal answers that customer request (`REQ-<n>`) and must do what it asks.
    public func propose(_ kind: ChangeKind, license: String, params: JSONValue, reason: String, fromRequest: Int64? = nil,
                        _ signing: Signing) throws -> ChangeWritten {
        let state = try state()
        guard let policy = state.policy?.set else { throw ServiceError.noPolicy }
        let body: JSONValue
        do {
            body = try Workflow.proposal(kind: kind, license: license, params: params, reason: reason, under: policy, state: state, at: signing.time,
                                         customerRequest: fromRequest)
        } catch {
            throw ServiceError.changeRefused(error.message, code: error.errorCode)
        }
        return try change(Workflow.propose, body, request: nil, signing)
    }

    /// Approves the open step of `seq`, as the caller saw it in `seen` (by default, now).
    public func approve(_ seq: Int64, seen: ChangeRequest? = nil, comment: String? = nil, _ signing: Signing) throws -> ChangeWritten {
        let request = try seen ?? self.request(seq)
        guard let step = request.currentStep else { throw ServiceError.noOpenStep(id: request.id, status: request.status(at: signing.time)) }
        return try change(Workflow.approve, Workflow.approval(request: seq, proposal: request.proposalHash, step: step, policy: try policyHash(),
                                                              comment: comment), request: seq, signing)
    }

    /// Rejects `seq`, as the caller saw it in `seen` (by default, now).
    public func reject(_ seq: Int64, seen: ChangeRequest? = nil, reason: String, _ signing: Signing) throws -> ChangeWritten {
        let request = try seen ?? self.request(seq)
        return try change(Workflow.reject, Workflow.rejection(request: seq, proposal: request.proposalHash, reason: reason, policy: try policyHash()),
                          request: seq, signing)
    }

    /// Withdraws the pending request `seq`.
    public func withdraw(_ seq: Int64, reason: String, _ signing: Signing) throws -> ChangeWritten {
        _ = try request(seq)
        return try change(Workflow.withdraw, Workflow.withdrawal(request: seq, reason: reason, policy: try policyHash()), request: seq, signing)
    }

    /// Applies the approved request `seq` to its license.
    public func apply(_ seq: Int64, _ signing: Signing) throws -> ChangeWritten {
        let request = try request(seq)
        return try change(Workflow.apply, Workflow.application(request: seq, proposal: request.proposalHash, policy: try policyHash()),
                          request: seq, signing)
    }

    /// Amends the pending request `seq` with new parameters: a new version, re-priced and re-routed.
    public func amend(_ seq: Int64, params: JSONValue, reason: String, _ signing: Signing) throws -> ChangeWritten {
        let state = try state()
        guard let request = state.requests[seq] else { throw ServiceError.noSuchRequest("CR-\(seq)") }
        guard let policy = state.policy?.set else { throw ServiceError.noPolicy }
        let body: JSONValue
        do {
            body = try Workflow.amendment(of: request, params: params, reason: reason, under: policy, state: state, at: signing.time)
        } catch {
            throw ServiceError.changeRefused(error.message, code: error.errorCode)
        }
        return try change(Workflow.amend, body, request: seq, signing)
    }

    /// Applies a change at once, outside the approval rules (an admin), to be reviewed later.
    public func emergency(_ kind: ChangeKind, license: String, params: JSONValue, reason: String, _ signing: Signing) throws -> EmergencyWritten {
        let recorded = try record(Workflow.emergency, Workflow.emergencyChange(kind: kind, license: license, params: params, reason: reason,
                                                                              policy: try policyHash()),
                                  signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        return try emergencyWritten(recorded, seq: recorded.entry?.entry.seq)
    }

    /// Reviews the emergency change `seq`.
    public func review(_ seq: Int64, comment: String? = nil, _ signing: Signing) throws -> EmergencyWritten {
        guard try state().emergencies[seq] != nil else { throw ServiceError.noSuchEmergency("CR-\(seq)") }
        let recorded = try record(Workflow.review, Workflow.reviewal(request: seq, policy: try policyHash(), comment: comment),
                                  signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        return try emergencyWritten(recorded, seq: seq)
    }

    // MARK: Helpers

    private func policyHash() throws -> String {
        guard let hash = try state().policy?.set.hash else { throw ServiceError.noPolicy }
        return hash
    }

    /// Records one workflow entry and finds the request it concerns (`request`, or the new one).
    private func change(_ type: String, _ body: JSONValue, request seq: Int64?, _ signing: Signing) throws -> ChangeWritten {
        let recorded = try record(type, body, signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        guard let entry = recorded.entry else { throw LedgerError.rejected(reason: "nothing was written", code: .serviceNothingWritten) }
        let id = seq ?? entry.entry.seq
        guard let request = recorded.state.requests[id] else { throw ServiceError.noSuchRequest("CR-\(id)") }
        return ChangeWritten(entry: entry, request: request, state: recorded.state, recovered: recorded.recoveredTail)
    }

    private func emergencyWritten(_ recorded: Recorded, seq: Int64?) throws -> EmergencyWritten {
        guard let entry = recorded.entry, let seq, let change = recorded.state.emergencies[seq] else {
            throw LedgerError.rejected(reason: "nothing was written", code: .serviceNothingWritten)
        }
        return EmergencyWritten(entry: entry, change: change, recovered: recorded.recoveredTail)
    }
}
