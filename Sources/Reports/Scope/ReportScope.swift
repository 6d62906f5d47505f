import Governance
import Ledger

/// What a report covers: a range of the ledger (by sequence number or time, inclusive) and,
/// optionally, one customer or one tier.
public struct ReportScope: Sendable, Equatable {
    public enum Bound: Sendable, Equatable {
        case seq(Int64)
        case time(EntryTime)
    }

    public var from: Bound?
    public var to: Bound?
    public var customer: String?
    public var tier: String?

    public init(from: Bound? = nil, to: Bound? = nil, customer: String? = nil, tier: String? = nil) {
        self.from = from
        self.to = to
        self.customer = customer
        self.tier = tier
    }

    /// Reads `--from`/`--to`: a sequence number, a date (`2026-01-01`: its start for `from`, its end
    /// for `to`) or a time (`2026-01-01T09:00:00Z`, with or without milliseconds).
    public static func bound(_ text: String, isEnd: Bool) -> Bound? {
        if let seq = Int64(text), seq >= 0 { return .seq(seq) }
        if text.utf8.count == 10 {
            return EntryTime(rfc3339: text + (isEnd ? "T23:59:59.999Z" : "T00:00:00.000Z")).map { .time($0) }
        }
        if let time = EntryTime(rfc3339: text) { return .time(time) }
        if text.utf8.count == 20, text.hasSuffix("Z") { return EntryTime(rfc3339: text.dropLast() + ".000Z").map { .time($0) } }
        return nil
    }

    /// Whether an entry falls within the range.
    public func contains(seq: Int64, time: EntryTime) -> Bool {
        switch from {
        case let .seq(s)? where seq < s: return false
        case let .time(t)? where time < t: return false
        default: break
        }
        switch to {
        case let .seq(s)? where seq > s: return false
        case let .time(t)? where time > t: return false
        default: return true
        }
    }

    /// Where replay stops.
    public var end: GovernanceReplay.Point {
        switch to {
        case let .seq(s)?: return .seq(s)
        case let .time(t)?: return .time(t)
        case nil: return .end
        }
    }

    /// Whether a license (as it was before or after something) is one the report is about.
    public func concerns(_ licenses: License?...) -> Bool {
        let present = licenses.compactMap { $0 }
        if let customer, !present.contains(where: { $0.customer == customer }) { return false }
        if let tier, !present.contains(where: { $0.tier == tier }) { return false }
        return true
    }

    public var json: JSONValue {
        func bound(_ b: Bound?) -> JSONValue {
            switch b {
            case let .seq(s)?: return .object(["seq": .integer(s)])
            case let .time(t)?: return .object(["time": .string(t.rfc3339)])
            case nil: return .null
            }
        }
        return .object(["from": bound(from), "to": bound(to), "customer": customer.map { .string($0) } ?? .null,
                        "tier": tier.map { .string($0) } ?? .null])
    }

    /// "entries 10 to 200", "2026-01-01 to 2026-03-31", "the whole ledger"…
    public var summary: String {
        func text(_ b: Bound?, _ open: String) -> String {
            switch b {
            case let .seq(s)?: return "entry \(s)"
            case let .time(t)?: return t.rfc3339
            case nil: return open
            }
        }
        var out = from == nil && to == nil ? "the whole ledger" : "\(text(from, "the first entry")) to \(text(to, "the last entry"))"
        if let customer { out += ", customer \(customer)" }
        if let tier { out += ", tier \(tier)" }
        return out
    }
}
