import Governance
import Ledger
import LedgerCrypto

extension GovernanceService {
    /// What adopting a policy version wrote, and the approval steps too few principals can fill.
    public struct PolicyAdopted: Sendable {
        public let entry: StoredEntry
        /// The policy-adopt change request the adoption closed (nil for the first version).
        public let request: Int64?
        public let gaps: [StaffingGap]
        public let recovered: TornTail?
    }

    /// Why a policy version cannot be adopted yet.
    public struct AdoptionRefusal: CodedError {
        public let description: String
        /// The governance rule's code: a new version needs an approved request.
        public var errorCode: ErrorCode { .governanceAdoptionUnapproved }
    }

    /// Adopts `policy`. Once a version is in force, a new one needs an approved policy-adopt request
    /// for its hash: `request`, or else the one the ledger holds for it.
    public func adopt(_ policy: PolicySet, request: Int64? = nil, _ signing: Signing) throws -> PolicyAdopted {
        let current = try state()
        var requestSeq = request
        if current.policy != nil, requestSeq == nil {
            requestSeq = current.requests.values.first {
                $0.kind == .policyAdopt && $0.state == .approved && $0.params["hash"]?.stringValue == policy.hash
            }?.seq
            guard requestSeq != nil else {
                throw AdoptionRefusal(description: "a policy is in force: adopting \(policy.hash) needs an approved policy-adopt change request")
            }
        }
        let recorded = try record(PolicyAdoption.type, PolicyAdoption.body(policy, request: requestSeq), signedBy: signing.key,
                                  at: signing.time, future: signing.future, wait: signing.wait)
        guard let entry = recorded.entry else { throw LedgerError.rejected(reason: "nothing was written", code: .serviceNothingWritten) }
        return PolicyAdopted(entry: entry, request: requestSeq, gaps: policy.staffingGaps(in: recorded.state), recovered: recorded.recoveredTail)
    }
}
