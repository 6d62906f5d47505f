import Governance
import Ledger

/// Which subjects' personal data has outlived the retention its customer's tier promises
/// (`audit_log_retention_days`), as of a moment: what `privacy enforce` erases.
///
/// A subject's data is kept for the longest retention among its customer's licenses (under the
/// catalog of the policy in force), counted from its newest record. A subject whose records name
/// no customer, or whose customer holds no license, has no retention promise and is kept.
public struct RetentionPlan: Sendable {
    /// A subject whose data is due for erasure.
    public struct Due: Sendable, Equatable {
        public let subject: String
        public let customer: String
        /// The newest entry holding the subject's data.
        public let newest: Int64
        public let retentionDays: Int64
        /// When the retention ran out.
        public let expired: EntryTime
    }

    /// A subject kept, and why.
    public struct Kept: Sendable, Equatable {
        public let subject: String
        public let reason: String
    }

    public let due: [Due]
    public let kept: [Kept]

    /// The plan for the subjects of `index` still held (per `isHeld`) at `now`.
    public init(index: PrivacyIndex, state: GovernanceState, now: EntryTime, isHeld: (String) -> Bool) {
        let catalog = state.policy?.set.catalog
        var retention: [String: Int64] = [:]
        for license in state.licenses.values {
            guard let days = catalog?.tier(license.tier)?.governance.auditLogRetentionDays else { continue }
            retention[license.customer] = max(retention[license.customer] ?? 0, days)
        }
        var due: [Due] = []
        var kept: [Kept] = []
        for subject in index.records.keys.sorted() where isHeld(subject) {
            let records = index.records[subject] ?? []
            guard let newest = records.last else { continue }
            guard let customer = records.compactMap({ $0.context["customer"]?.stringValue }).last else {
                kept.append(Kept(subject: subject, reason: "its records name no customer"))
                continue
            }
            guard let days = retention[customer] else {
                kept.append(Kept(subject: subject, reason: "customer \(customer) holds no license on a tier with a retention"))
                continue
            }
            let (product, overflow) = days.multipliedReportingOverflow(by: 86_400_000)
            guard !overflow, let expired = EntryTime(milliseconds: newest.time.milliseconds &+ product), expired <= now else {
                kept.append(Kept(subject: subject, reason: "within the \(days)-day retention of customer \(customer)'s tier"))
                continue
            }
            due.append(Due(subject: subject, customer: customer, newest: newest.seq, retentionDays: days, expired: expired))
        }
        self.due = due
        self.kept = kept
    }
}
