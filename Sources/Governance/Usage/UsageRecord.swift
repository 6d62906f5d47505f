import Ledger
import LedgerCrypto

/// One measured quantity: how much of `metric` a license used in a period (dates, inclusive).
public struct UsageRecord: Sendable, Equatable {
    public let license: String
    public let metric: String
    public let periodStart: String
    public let periodEnd: String
    public let value: Int64

    /// What makes a record unique: a second record with the same key is a duplicate or a conflict.
    public var key: String { "\(license)|\(metric)|\(periodStart)|\(periodEnd)" }

    public var json: JSONValue {
        .object(["license": .string(license), "metric": .string(metric), "period_start": .string(periodStart),
                 "period_end": .string(periodEnd), "value": .integer(value)])
    }

    /// A `YYYY-MM-DD` date that exists.
    static func isDate(_ text: String) -> Bool {
        text.utf8.count == 10 && EntryTime(rfc3339: text + "T00:00:00.000Z") != nil
    }

    init(license: String, metric: String, periodStart: String, periodEnd: String, value: Int64) {
        self.license = license
        self.metric = metric
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.value = value
    }

    /// Reads one record from an entry body's `records`, with a reason on failure.
    init(json: JSONValue) throws(AuthorityViolation) {
        guard let m = json.objectValue, Set(m.keys) == ["license", "metric", "period_start", "period_end", "value"],
              let license = m["license"]?.stringValue, let metric = m["metric"]?.stringValue,
              let start = m["period_start"]?.stringValue, let end = m["period_end"]?.stringValue, let value = m["value"]?.integerValue
        else { throw AuthorityViolation(.governanceBody, "a usage record has exactly license, metric, period_start, period_end (dates) and value") }
        guard UsageRecord.isDate(start), UsageRecord.isDate(end), start <= end else {
            throw AuthorityViolation(.governanceBody, "usage period \(start) to \(end) must be two YYYY-MM-DD dates, start first")
        }
        guard value >= 0 else { throw AuthorityViolation(.governanceBody, "usage value \(value) must be 0 or more") }
        self.init(license: license, metric: metric, periodStart: start, periodEnd: end, value: value)
    }
}

/// `usage.record`: `{"records":[<record>,…]}` (1 to 1000 records), signed by telemetry, an operator
/// or an admin. Every license must exist, every metric be declared by the policy in force, and no
/// record's key (license, metric, period) be recorded twice.
public enum UsageEntry {
    public static let type = "usage.record"
    public static let maxRecords = 1_000

    public static func body(_ records: [UsageRecord]) -> JSONValue {
        .object(["records": .array(records.map(\.json))])
    }
}

extension GovernanceState {
    /// The latest recorded value of `metric` for `license` (by period end), if any.
    public func latestUsage(_ license: String, _ metric: String) -> Int64? {
        usage[license]?[metric]?.max { ($0.periodEnd, $0.periodStart) < ($1.periodEnd, $1.periodStart) }?.value
    }

    mutating func admitUsage(_ entry: Entry) throws(AuthorityViolation) {
        guard let members = entry.body.objectValue, Set(members.keys) == ["records"], let items = entry.body["records"]?.arrayValue,
              (1...UsageEntry.maxRecords).contains(items.count)
        else { throw AuthorityViolation(.governanceBody, "\(UsageEntry.type): the body is {\"records\": [1 to \(UsageEntry.maxRecords) records]}") }
        guard let catalog = policy?.set.catalog else { throw AuthorityViolation(.governanceNoPolicy, "\(UsageEntry.type): no policy in force declares the metrics") }
        for (i, item) in items.enumerated() {
            let record: UsageRecord
            do { record = try UsageRecord(json: item) } catch { throw AuthorityViolation(.governanceBody, "\(UsageEntry.type) record \(i + 1): \(error.message)") }
            guard licenses[record.license] != nil else {
                throw AuthorityViolation(.governanceNotFound, "\(UsageEntry.type) record \(i + 1): no license \(record.license)")
            }
            guard catalog.metrics.contains(where: { $0.id == record.metric }) else {
                throw AuthorityViolation(.governanceBody, "\(UsageEntry.type) record \(i + 1): metric \(record.metric) is not declared in the policy")
            }
            guard usageKeys.insert(record.key).inserted else {
                throw AuthorityViolation(.governanceDuplicate, "\(UsageEntry.type) record \(i + 1): \(record.metric) of \(record.license) for \(record.periodStart) to \(record.periodEnd) is already recorded")
            }
            usage[record.license, default: [:]][record.metric, default: []].append(record)
        }
    }
}
