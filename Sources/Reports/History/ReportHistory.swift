import Governance
import Ledger
import LedgerCrypto

/// A change that took effect: an approved request applied, or an emergency change.
public struct AppliedChange: Sendable {
    public let seq: Int64
    public let time: EntryTime
    /// SHA-256 of the entry that applied it.
    public let hash: Digest
    public let id: String
    public let kind: ChangeKind
    public let license: String
    public let emergency: Bool
    public let before: License?
    public let after: License?
    /// The proposer, or the admin who made an emergency change.
    public let proposer: String
    public let proposedAt: EntryTime
    public let approvals: [ChangeRequest.Approval]
    /// The approval rule, or `emergency`.
    public let rule: String
    public let policyHash: String
    public let policyLabel: String
    public let reason: String
    /// The signed quote's total, when the change was priced.
    public let quotedTotal: Int64?
    public let currency: String
    /// The month's list fee before and after (quote subtotal for tier, seats and add-ons over one month).
    public let listBefore: Int64?
    public let listAfter: Int64?
    public let entitlementChanges: [String]
}

/// A principal or key event.
public struct PrincipalEvent: Sendable {
    public let seq: Int64
    public let time: EntryTime
    public let type: String
    public let name: String
    public let detail: String
}

/// A policy version adopted.
public struct PolicyVersion: Sendable {
    public let seq: Int64
    public let time: EntryTime
    public let hash: String
    public let label: String
}

/// What the reports need from the ledger, gathered in one replay up to the scope's end.
public struct ReportHistory: Sendable {
    public internal(set) var applied: [AppliedChange] = []
    public internal(set) var principalEvents: [PrincipalEvent] = []
    public internal(set) var policies: [PolicyVersion] = []
    /// When each key last signed an entry (or was added, if it never signed).
    public internal(set) var keyActivity: [KeyID: EntryTime] = [:]
    /// The entry that recorded each usage record, by the record's key.
    public internal(set) var usageEntries: [String: Int64] = [:]
    /// Entries replayed, and the last of them.
    public internal(set) var entries: Int64 = 0
    public internal(set) var head: (seq: Int64, time: EntryTime, hash: Digest)?
    /// The state at the end of the scope.
    public internal(set) var state = GovernanceState()

    /// The instant the report speaks as of: the scope's end time, or the last entry's time.
    public internal(set) var asOf = EntryTime.now()

    public static func gather(_ ledger: FileLedger, scope: ReportScope, progress: (Int64) -> Void = { _ in }) throws -> ReportHistory {
        var history = ReportHistory()
        var pending: (request: ChangeRequest?, before: License?, policy: PolicySet?)?
        history.state = try GovernanceReplay.walk(ledger, to: scope.end, willAdmit: { stored, state in
            let entry = stored.entry
            switch entry.type {
            case Workflow.apply:
                let request = entry.body["request"]?.integerValue.flatMap { state.requests[$0] }
                pending = (request, request.flatMap { state.licenses[$0.license] }, state.policy?.set)
            case Workflow.emergency:
                pending = (nil, entry.body["license"]?.stringValue.flatMap { state.licenses[$0] }, state.policy?.set)
            default:
                pending = nil
            }
        }, didAdmit: { stored, state in
            let entry = stored.entry
            history.entries += 1
            history.head = (entry.seq, entry.time, stored.hash)
            if entry.seq % 10_000 == 0 { progress(entry.seq) }
            history.keyActivity[entry.signer] = entry.time
            switch entry.type {
            case Workflow.apply:
                guard let captured = pending, let before = captured.request, let request = state.requests[before.seq] else { break }
                history.applied.append(AppliedChange.make(stored, id: request.id, kind: request.kind, license: request.license, emergency: false,
                                                          before: captured.before, after: state.licenses[request.license],
                                                          proposer: request.proposer, proposedAt: request.proposedAt,
                                                          approvals: request.approvals.flatMap { $0 }, rule: request.rule.id,
                                                          reason: request.reason, quoted: request.quote?.total, policy: captured.policy))
            case Workflow.emergency:
                guard let captured = pending, let change = state.emergencies[entry.seq] else { break }
                history.applied.append(AppliedChange.make(stored, id: change.id, kind: change.kind, license: change.license, emergency: true,
                                                          before: captured.before, after: state.licenses[change.license],
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
        })
        if case let .time(t)? = scope.to {
            history.asOf = t
        } else if let head = history.head {
            history.asOf = head.time
        }
        return history
    }
}

extension AppliedChange {
    static func make(_ stored: StoredEntry, id: String, kind: ChangeKind, license: String, emergency: Bool, before: License?, after: License?,
                     proposer: String, proposedAt: EntryTime, approvals: [ChangeRequest.Approval], rule: String, reason: String,
                     quoted: Int64?, policy: PolicySet?) -> AppliedChange {
        func list(_ l: License?) -> Int64? {
            guard let l, let policy else { return nil }
            return try? policy.quote(tier: l.tier, seats: l.seats, addons: l.addons, termMonths: 1).subtotal
        }
        let lines = after.flatMap { a in policy.map { EntitlementDiff.lines(before: before, after: a, catalog: $0.catalog) } } ?? []
        return AppliedChange(seq: stored.entry.seq, time: stored.entry.time, hash: stored.hash, id: id, kind: kind, license: license,
                             emergency: emergency, before: before, after: after, proposer: proposer, proposedAt: proposedAt,
                             approvals: approvals, rule: rule, policyHash: policy?.hash ?? "", policyLabel: policy.map { "\($0.catalog.label) / \($0.approvals.label)" } ?? "",
                             reason: reason, quotedTotal: quoted, currency: policy?.catalog.currency ?? "", listBefore: list(before),
                             listAfter: list(after), entitlementChanges: lines)
    }

    /// After's list fee less before's: what the change does to the monthly price.
    public var priceDifference: Int64? {
        guard let after = listAfter else { return nil }
        return after - (listBefore ?? 0)
    }
}

extension PrincipalEvent {
    static func detail(_ entry: Entry) -> String {
        let b = entry.body
        switch entry.type {
        case GovernanceEntryType.enroll:
            return "enrolled with roles " + (b["roles"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? "")
        case GovernanceEntryType.roles:
            let add = b["add"]?.arrayValue?.compactMap(\.stringValue) ?? [], remove = b["remove"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return [add.isEmpty ? nil : "added " + add.joined(separator: ", "), remove.isEmpty ? nil : "removed " + remove.joined(separator: ", ")]
                .compactMap { $0 }.joined(separator: "; ")
        case GovernanceEntryType.rotateKey:
            return "key rotated"
        default:
            let what = b["key_id"] != nil ? "one key revoked" : "revoked"
            return what + (b["reason"]?.stringValue.map { ": \($0)" } ?? "")
        }
    }
}
