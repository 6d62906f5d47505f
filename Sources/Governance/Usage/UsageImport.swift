import Ledger
import LedgerCrypto

/// The rows of a usage import, sorted into what is new and what is already recorded, against the
/// governance state: the rules `usage import` applies before anything is written (the ledger's own
/// rules, `admitUsage`, check the result again). Rows are added in order; the first that cannot be
/// recorded stops the import with a reason naming what to do.
public struct UsageImport: Sendable {
    private let state: GovernanceState
    private let metrics: [String]
    /// Where each (license, metric, period) was first seen, by the caller's row number.
    private var seen: [String: Int] = [:]
    /// Rows not yet recorded, in order.
    public private(set) var fresh: [UsageRecord] = []
    /// Rows already recorded with the same value: an import runs again without harm.
    public private(set) var skipped = 0
    public private(set) var rows = 0

    /// Why a row cannot be recorded.
    public struct Refusal: CodedError {
        /// The rule family: no policy (`GOV-007`), no such license (`GOV-006`), a value already
        /// recorded otherwise (`GOV-008`), else a bad row (`GOV-021`).
        public let errorCode: ErrorCode
        public let description: String
    }

    /// An import against `state`; it needs a policy in force, which declares the metrics.
    public init(state: GovernanceState) throws(Refusal) {
        guard let catalog = state.policy?.set.catalog else { throw Refusal(errorCode: .governanceNoPolicy, description: "no policy has been adopted; it declares the metrics") }
        self.state = state
        metrics = catalog.metrics.map(\.id)
    }

    /// Sorts one row; `row` is how the caller names it (a line number).
    public mutating func add(_ record: UsageRecord, row: Int) throws(Refusal) {
        rows += 1
        guard state.licenses[record.license] != nil else { throw Refusal(errorCode: .governanceNotFound, description: "no license \(record.license)") }
        guard metrics.contains(record.metric) else {
            throw Refusal(errorCode: .governanceUsageRow, description: "metric \(record.metric) is not declared (metrics: \(metrics.joined(separator: ", ")))")
        }
        if let first = seen[record.key] { throw Refusal(errorCode: .governanceUsageRow, description: "the same license, metric and period as line \(first)") }
        seen[record.key] = row
        if let existing = state.usage[record.license]?[record.metric]?.first(where: { $0.key == record.key }) {
            guard existing.value == record.value else {
                throw Refusal(errorCode: .governanceDuplicate, description: "already recorded as \(existing.value), not \(record.value); a recorded value is never replaced")
            }
            skipped += 1
            return
        }
        fresh.append(record)
    }

    /// The entries that record the new rows, at most `UsageEntry.maxRecords` rows each.
    public var drafts: [EntryDraft] {
        stride(from: 0, to: fresh.count, by: UsageEntry.maxRecords).map {
            EntryDraft(type: UsageEntry.type, body: UsageEntry.body(Array(fresh[$0..<min($0 + UsageEntry.maxRecords, fresh.count)])))
        }
    }
}
