import Ledger
import LedgerCrypto

extension GovernanceState {
    /// Runs a `change.*` entry through the workflow rules; `signer` is the signing principal.
    mutating func admitWorkflow(_ entry: Entry, signer: Principal) throws(AuthorityViolation) {
        let body = entry.body
        func fail(_ code: ErrorCode, _ text: String) -> AuthorityViolation { AuthorityViolation(code, "\(entry.type): \(text)") }
        func members(_ allowed: Set<String>, optional: Set<String> = []) throws(AuthorityViolation) {
            let keys = Set((body.objectValue ?? [:]).keys)
            guard allowed.isSubset(of: keys), keys.isSubset(of: allowed.union(optional)) else {
                throw fail(.governanceBody, "the body has exactly \(allowed.sorted().joined(separator: ", "))"
                    + (optional.isEmpty ? "" : " (and optionally \(optional.sorted().joined(separator: ", ")))"))
            }
        }
        func request() throws(AuthorityViolation) -> ChangeRequest {
            guard let seq = body["request"]?.integerValue, let found = requests[seq] else { throw fail(.governanceNotFound, "no change request CR-\(body["request"]?.integerValue ?? -1)") }
            return found
        }
        func policyInForce() throws(AuthorityViolation) -> PolicySet {
            guard let current = policy else { throw fail(.governanceNoPolicy, "no policy has been adopted; adopt one before proposing changes") }
            guard body["policy"]?.stringValue == current.set.hash else {
                throw fail(.governanceStale, "names policy \(body["policy"]?.stringValue ?? "?"), but \(current.set.hash) is in force")
            }
            return current.set
        }
        /// `comment`, where allowed, is text.
        func commentIsText() throws(AuthorityViolation) {
            if let comment = body["comment"], comment.stringValue == nil { throw fail(.governanceBody, "\"comment\" must be text") }
        }
        func namesCurrentProposal(_ request: ChangeRequest) throws(AuthorityViolation) {
            guard body["proposal"]?.stringValue == request.proposalHash.hex else {
                throw fail(.governanceStale, "\(request.id): names proposal \(body["proposal"]?.stringValue ?? "?"), not \(request.proposalHash.hex): "
                    + "a decision on another or superseded version counts for nothing")
            }
        }

        switch entry.type {
        case Workflow.propose:
            try members(["kind", "license", "params", "policy", "quote", "reason", "rule"], optional: ["customer_request"])
            let policy = try policyInForce()
            guard let kindText = body["kind"]?.stringValue, let kind = ChangeKind(rawValue: kindText) else {
                throw fail(.governanceBody, "\"kind\" must be one of \(ChangeKind.names)")
            }
            guard let license = body["license"]?.stringValue, let reason = body["reason"]?.stringValue, !reason.isEmpty,
                  let params = body["params"] else { throw fail(.governanceBody, "\"license\", \"reason\" (text) and \"params\" are required") }
            let outcome = try LicenseChange.evaluate(kind, id: license, params: params, license: licenses[license], at: entry.time,
                                                     policy: policy, seq: entry.seq, usage: { [self] in latestUsage(license, $0) })
            guard let rule = policy.approvals.evaluate(outcome.facts).winner else { throw fail(.governanceNoApprovalRule, "no approval rule matches") }
            guard body["rule"]?.stringValue == rule.id else {
                throw fail(.governanceStale, "names rule \(body["rule"]?.stringValue ?? "?"), but the policy in force assigns \(rule.id)")
            }
            guard body["quote"] == (outcome.quote?.json ?? .null) else {
                throw fail(.governanceStale, "the quote is not the one the policy in force gives for this change")
            }
            guard let expires = EntryTime(milliseconds: entry.time.milliseconds + policy.approvals.expiryHours(for: rule) * 3_600_000) else {
                throw fail(.governanceTime, "expiry out of range")
            }
            if let named = body["customer_request"] {
                guard let seq = named.integerValue else { throw fail(.governanceBody, "\"customer_request\" must be the sequence number of a customer.request") }
                do {
                    try linkCustomerRequest(seq, to: entry.seq, kind: kind, license: license, params: params, at: entry.time)
                } catch {
                    throw fail(error.errorCode, error.message)
                }
            }
            requests[entry.seq] = ChangeRequest(
                seq: entry.seq, kind: kind, license: license, params: params, reason: reason, proposer: signer.name,
                proposedAt: entry.time, proposalHash: Digest.of(entry.canonicalBytes), policy: policy.hash, rule: rule,
                oneSlotPerPrincipal: policy.approvals.oneSlotPerPrincipal, quote: outcome.quote,
                expiresAt: expires, approvals: rule.steps.map { _ in [] },
                stepOpenedAt: rule.steps.indices.map { $0 == 0 ? entry.time : nil }, state: .pending, closedAt: nil, closingReason: nil)

        case Workflow.approve, Workflow.reject:
            try members(entry.type == Workflow.approve ? ["policy", "proposal", "request", "step"] : ["policy", "proposal", "reason", "request"],
                        optional: entry.type == Workflow.approve ? ["comment"] : [])
            _ = try policyInForce()
            try commentIsText()
            var r = try request()
            guard r.status(at: entry.time) == .pending else { throw fail(.governanceRequestState, "\(r.id) is \(r.status(at: entry.time)), not pending") }
            try namesCurrentProposal(r)
            guard signer.name != r.proposer else { throw fail(.governanceSeparationOfDuties, "\(r.id): \(signer.name) proposed it and may not decide on it (separation of duties)") }
            guard let stepIndex = r.currentStep else { throw fail(.governanceRequestState, "\(r.id) has no open step") }
            if entry.type == Workflow.approve, body["step"]?.integerValue != Int64(stepIndex) {
                throw fail(.governanceRequestState, "\(r.id): approves step \(body["step"]?.integerValue.map { $0 + 1 } ?? 0), but step \(stepIndex + 1) is open; steps go in order")
            }
            let step = r.rule.steps[stepIndex]
            let escalated: Bool
            switch r.eligibility(of: signer.roles, at: entry.time) {
            case .byRole?: escalated = false
            case .byEscalation?: escalated = true
            default:
                throw fail(.governanceNotAllowed, "\(r.id) step \(stepIndex + 1) needs \(step.role)" + (step.escalation.map { ", or \($0.role) once it has waited \($0.afterHours) h" } ?? "")
                    + "; \(signer.name) does not qualify")
            }
            if entry.type == Workflow.reject {
                guard let reason = body["reason"]?.stringValue, !reason.isEmpty else { throw fail(.governanceBody, "\"reason\" is required") }
                r.state = .rejected
                r.closedAt = entry.seq
                r.closingReason = reason
                requests[r.seq] = r
                return
            }
            // A step's `count` approvals come from distinct principals, whatever the policy says;
            // with one_slot_per_principal (of the version the request was routed under), one
            // principal fills one slot of the whole request.
            if let earlier = r.approvals[stepIndex].first(where: { $0.principal == signer.name }) {
                throw fail(.governanceRequestState, "\(r.id): \(signer.name) already approved step \(stepIndex + 1) in entry \(earlier.seq); "
                    + "its \(step.count) approvals come from distinct principals")
            }
            if r.oneSlotPerPrincipal, r.approvers.contains(signer.name) {
                throw fail(.governanceSeparationOfDuties, "\(r.id): \(signer.name) already filled a slot; one principal fills one slot of a request")
            }
            r.approvals[stepIndex].append(.init(principal: signer.name, seq: entry.seq, time: entry.time, escalated: escalated))
            if r.approvals[stepIndex].count == Int(step.count) {
                if stepIndex + 1 < r.rule.steps.count {
                    r.stepOpenedAt[stepIndex + 1] = entry.time
                } else {
                    r.state = .approved
                }
            }
            requests[r.seq] = r

        case Workflow.withdraw:
            try members(["policy", "reason", "request"])
            _ = try policyInForce()
            var r = try request()
            guard r.status(at: entry.time) == .pending else { throw fail(.governanceRequestState, "\(r.id) is \(r.status(at: entry.time)), not pending") }
            guard signer.name == r.proposer || signer.roles.contains(.admin) else { throw fail(.governanceNotAllowed, "only the proposer or an admin withdraws \(r.id)") }
            guard let reason = body["reason"]?.stringValue, !reason.isEmpty else { throw fail(.governanceBody, "\"reason\" (text) is required") }
            r.state = .withdrawn
            r.closedAt = entry.seq
            r.closingReason = reason
            requests[r.seq] = r

        case Workflow.apply:
            try members(["policy", "proposal", "request"])
            _ = try policyInForce()
            var r = try request()
            guard r.state == .approved else { throw fail(.governanceRequestState, "\(r.id) is \(r.status(at: entry.time)); only an approved request is applied, once") }
            try namesCurrentProposal(r)
            if let refusal = r.applyRefusal(by: signer.name) { throw fail(.governanceSeparationOfDuties, refusal) }
            guard let policy else { throw fail(.governanceNoPolicy, "no policy in force") }
            // The license may have changed since the proposal: the lifecycle rules are checked again now.
            guard r.kind != .policyAdopt else { throw fail(.governanceEntryType, "\(r.id) is applied by the policy.adopt entry that names it") }
            let outcome = try LicenseChange.evaluate(r.kind, id: r.license, params: r.params, license: licenses[r.license],
                                                     at: entry.time, policy: policy.set, seq: entry.seq, usage: { [self] in latestUsage(r.license, $0) })
            licenses[r.license] = outcome.license
            r.state = .applied
            r.closedAt = entry.seq
            r.appliedBy = signer.name
            requests[r.seq] = r

        case Workflow.amend:
            try members(["params", "policy", "quote", "reason", "request", "rule"])
            let policy = try policyInForce()
            var r = try request()
            guard r.status(at: entry.time) == .pending else { throw fail(.governanceRequestState, "\(r.id) is \(r.status(at: entry.time)); only a pending request is amended") }
            guard signer.name == r.proposer else { throw fail(.governanceNotAllowed, "only the proposer (\(r.proposer)) amends \(r.id)") }
            guard let reason = body["reason"]?.stringValue, !reason.isEmpty, let params = body["params"] else {
                throw fail(.governanceBody, "\"reason\" (text) and \"params\" are required")
            }
            let outcome = try LicenseChange.evaluate(r.kind, id: r.license, params: params, license: licenses[r.license], at: entry.time,
                                                     policy: policy, seq: entry.seq, usage: { [self] in latestUsage(r.license, $0) })
            guard let rule = policy.approvals.evaluate(outcome.facts).winner, body["rule"]?.stringValue == rule.id else {
                throw fail(.governanceStale, "names rule \(body["rule"]?.stringValue ?? "?"), not the one the policy in force assigns")
            }
            guard body["quote"] == (outcome.quote?.json ?? .null) else { throw fail(.governanceStale, "the quote is not the one the policy in force gives") }
            guard let expires = EntryTime(milliseconds: entry.time.milliseconds + policy.approvals.expiryHours(for: rule) * 3_600_000) else {
                throw fail(.governanceTime, "expiry out of range")
            }
            r.params = params
            r.reason = reason
            r.rule = rule
            r.quote = outcome.quote
            r.policy = policy.hash
            r.oneSlotPerPrincipal = policy.approvals.oneSlotPerPrincipal
            r.expiresAt = expires
            r.proposalHash = Digest.of(entry.canonicalBytes)
            r.approvals = rule.steps.map { _ in [] }
            r.stepOpenedAt = rule.steps.indices.map { $0 == 0 ? entry.time : nil }
            r.amendments.append(entry.seq)
            requests[r.seq] = r

        case Workflow.emergency:
            try members(["kind", "license", "params", "policy", "reason"])
            let policy = try policyInForce()
            guard let kindText = body["kind"]?.stringValue, let kind = ChangeKind(rawValue: kindText) else {
                throw fail(.governanceBody, "\"kind\" must be one of \(ChangeKind.names)")
            }
            guard let license = body["license"]?.stringValue, let reason = body["reason"]?.stringValue, !reason.isEmpty,
                  let params = body["params"] else { throw fail(.governanceBody, "\"license\", \"reason\" (text) and \"params\" are required") }
            guard kind != .policyAdopt else { throw fail(.governanceEntryType, "a policy version is not adopted as an emergency") }
            let outcome = try LicenseChange.evaluate(kind, id: license, params: params, license: licenses[license], at: entry.time,
                                                     policy: policy, seq: entry.seq, usage: { [self] in latestUsage(license, $0) })
            guard let deadline = EntryTime(milliseconds: entry.time.milliseconds + policy.approvals.emergencyReviewWindowHours * 3_600_000) else {
                throw fail(.governanceTime, "review deadline out of range")
            }
            licenses[license] = outcome.license
            emergencies[entry.seq] = EmergencyChange(seq: entry.seq, kind: kind, license: license, params: params, reason: reason,
                                                     admin: signer.name, appliedAt: entry.time, reviewDeadline: deadline,
                                                     reviewRole: policy.approvals.emergencyReviewRole, review: nil)

        case Workflow.review:
            try members(["policy", "request"], optional: ["comment"])
            _ = try policyInForce()
            try commentIsText()
            guard let seq = body["request"]?.integerValue, var change = emergencies[seq] else {
                throw fail(.governanceNotFound, "no emergency change CR-\(body["request"]?.integerValue ?? -1)")
            }
            guard change.review == nil else { throw fail(.governanceRequestState, "\(change.id) was already reviewed in entry \(change.review?.seq ?? 0)") }
            guard signer.name != change.admin else { throw fail(.governanceSeparationOfDuties, "\(change.admin) applied \(change.id) and may not review it") }
            guard signer.roles.contains(change.reviewRole) else { throw fail(.governanceNotAllowed, "\(change.id) is reviewed by \(change.reviewRole); \(signer.name) does not hold it") }
            change.review = .init(principal: signer.name, seq: entry.seq, time: entry.time, late: entry.time >= change.reviewDeadline)
            emergencies[seq] = change

        default:
            throw fail(.governanceEntryType, "unknown workflow entry")
        }
    }
}
