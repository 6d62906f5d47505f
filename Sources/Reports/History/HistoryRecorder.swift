import Governance
import Ledger
import LedgerCrypto

/// Turns entries, with the governance state just before and just after each, into the history a
/// report needs. Fed by a replay (`ReportHistory.gather`) or by the verification behind an
/// attestation (`RecordingAuthority`), so one pass over the ledger can serve both.
struct HistoryRecorder: Sendable {
    private(set) var history = ReportHistory()
    /// What an apply or an emergency change looked like just before it.
    private var pending: (request: ChangeRequest?, before: License?, policy: PolicySet?)?

    /// Notes what the entry about to be admitted changes from.
    mutating func willAdmit(_ entry: Entry, _ state: GovernanceState) {
        switch entry.type {
        case Workflow.apply:
            let request = entry.body["request"]?.integerValue.flatMap { state.requests[$0] }
            pending = (request, request.flatMap { state.licenses[$0.license] }, state.policy?.set)
        case Workflow.emergency:
            pending = (nil, entry.body["license"]?.stringValue.flatMap { state.licenses[$0] }, state.policy?.set)
        default:
            pending = nil
        }
    }

    /// Records the admitted entry (its line hashing to `hash`) with the state after it.
    mutating func didAdmit(_ entry: Entry, hash: Digest, _ state: GovernanceState) {
        history.entries += 1
        history.head = (entry.seq, entry.time, hash)
        history.keyActivity[entry.signer] = entry.time
        switch entry.type {
        case Workflow.apply:
            guard let captured = pending, let before = captured.request, let request = state.requests[before.seq] else { break }
            history.applied.append(AppliedChange.make(entry, hash: hash, id: request.id, kind: request.kind, license: request.license,
                                                      emergency: false, before: captured.before, after: state.licenses[request.license],
                                                      proposer: request.proposer, proposedAt: request.proposedAt,
                                                      approvals: request.approvals.flatMap { $0 }, rule: request.rule.id,
                                                      reason: request.reason, quoted: request.quote?.total, policy: captured.policy))
        case Workflow.emergency:
            guard let captured = pending, let change = state.emergencies[entry.seq] else { break }
            history.applied.append(AppliedChange.make(entry, hash: hash, id: change.id, kind: change.kind, license: change.license,
                                                      emergency: true, before: captured.before, after: state.licenses[change.license],
                                                      proposer: change.admin, proposedAt: change.appliedAt, approvals: [], rule: "emergency",
                                                      reason: change.reason, quoted: nil, policy: captured.policy))
        case GovernanceEntryType.enroll, GovernanceEntryType.roles, GovernanceEntryType.rotateKey, GovernanceEntryType.revoke:
            let name = entry.body["name"]?.stringValue ?? "?"
            history.principalEvents.append(PrincipalEvent(seq: entry.seq, time: entry.time, type: entry.type, name: name,
                                                          detail: PrincipalEvent.detail(entry)))
            for record in state.principals[name]?.keys ?? [] where record.addedAt == entry.seq {
                history.keyActivity[record.key.id] = entry.time
            }
        case PolicyAdoption.type:
            if let policy = state.policy?.set {
                history.policies.append(PolicyVersion(seq: entry.seq, time: entry.time, hash: policy.hash,
                                                      label: "\(policy.catalog.label) / \(policy.approvals.label)"))
            }
        case UsageEntry.type:
            for item in entry.body["records"]?.arrayValue ?? [] {
                if let license = item["license"]?.stringValue, let metric = item["metric"]?.stringValue,
                   let start = item["period_start"]?.stringValue, let end = item["period_end"]?.stringValue {
                    history.usageEntries["\(license)|\(metric)|\(start)|\(end)"] = entry.seq
                }
            }
        default:
            break
        }
        pending = nil
    }

    /// The history, with `state` as the state at the scope's end.
    func finish(state: GovernanceState, scope: ReportScope) -> ReportHistory {
        var history = history
        history.state = state
        if case let .time(t)? = scope.to {
            history.asOf = t
        } else if let head = history.head {
            history.asOf = head.time
        }
        return history
    }
}

/// The governance rules, recording a report's history as entries are admitted up to the scope's
/// end: the authority of the verification behind an attestation, so that the same pass also
/// gathers the report's figures.
struct RecordingAuthority: EntryAuthority {
    private(set) var state = GovernanceState()
    private(set) var recorder = HistoryRecorder()
    /// The state when the scope ended, once an entry past it was admitted.
    private(set) var stateAtEnd: GovernanceState?
    let end: GovernanceReplay.Point

    init(end: GovernanceReplay.Point) {
        self.end = end
    }

    func signingKey(for entry: Entry) throws(AuthorityViolation) -> PublicKey {
        try state.signingKey(for: entry)
    }

    mutating func admit(_ entry: Entry) throws(AuthorityViolation) {
        try admit(entry, lineHash: Digest.of(entry.canonicalBytes))
    }

    mutating func admit(_ entry: Entry, lineHash: Digest) throws(AuthorityViolation) {
        guard stateAtEnd == nil, within(entry) else {
            if stateAtEnd == nil { stateAtEnd = state }
            try state.admit(entry)
            return
        }
        recorder.willAdmit(entry, state)
        try state.admit(entry)
        recorder.didAdmit(entry, hash: lineHash, state)
    }

    private func within(_ entry: Entry) -> Bool {
        switch end {
        case let .seq(limit): return entry.seq <= limit
        case let .time(limit): return entry.time <= limit
        case .end: return true
        }
    }

    /// The report's history, once every entry was admitted.
    func history(scope: ReportScope) -> ReportHistory {
        var history = recorder.finish(state: stateAtEnd ?? state, scope: scope)
        history.headState = state
        return history
    }
}
