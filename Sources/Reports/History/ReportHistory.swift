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
    /// The state after every entry the verification behind the attestation admitted (the
    /// attested head), when that verification passed; who may sign the report is read from it.
    public internal(set) var headState: GovernanceState?

    /// The instant the report speaks as of: the scope's end time, or the last entry's time.
    public internal(set) var asOf = EntryTime.now()

    public static func gather(_ ledger: any LedgerStore, scope: ReportScope, progress: (Int64) -> Void = { _ in }) throws -> ReportHistory {
        var recorder = HistoryRecorder()
        let state = try GovernanceReplay.walk(ledger, to: scope.end, willAdmit: { stored, state in
            recorder.willAdmit(stored.entry, state)
        }, didAdmit: { stored, state in
            recorder.didAdmit(stored.entry, hash: stored.hash, state)
            if stored.entry.seq % 10_000 == 0 { progress(stored.entry.seq) }
        })
        return recorder.finish(state: state, scope: scope)
    }
}

extension AppliedChange {
    static func make(_ entry: Entry, hash: Digest, id: String, kind: ChangeKind, license: String, emergency: Bool, before: License?, after: License?,
                     proposer: String, proposedAt: EntryTime, approvals: [ChangeRequest.Approval], rule: String, reason: String,
                     quoted: Int64?, policy: PolicySet?) -> AppliedChange {
        func list(_ l: License?) -> Int64? {
            guard let l, let policy else { return nil }
            return try? policy.quote(tier: l.tier, seats: l.seats, addons: l.addons, termMonths: 1).subtotal
        }
        let lines = after.flatMap { a in policy.map { EntitlementDiff.lines(before: before, after: a, catalog: $0.catalog) } } ?? []
        return AppliedChange(seq: entry.seq, time: entry.time, hash: hash, id: id, kind: kind, license: license,
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
