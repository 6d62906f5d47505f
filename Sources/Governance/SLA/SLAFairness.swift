import Ledger
import LedgerCrypto

/// A maintenance window: scheduled work from `start` to `end` on the customers or tiers it names,
/// announced by its entry (`announced`, the entry's time). Outages inside a window that was
/// announced at least the tier's `maintenance_notice_hours` before it began do not count against
/// uptime; a window announced later excuses nothing.
public struct MaintenanceWindow: Sendable, Equatable {
    public let seq: Int64
    public let announced: EntryTime
    public let start: EntryTime
    public let end: EntryTime
    public let customers: [String]
    public let tiers: [String]
    public let summary: String

    /// True when the window names `customer` or `tier`.
    public func covers(customer: String, tier: String) -> Bool { customers.contains(customer) || tiers.contains(tier) }

    /// True when it was announced at least `hours` before it began.
    public func hadNotice(hours: Int64) -> Bool { start.milliseconds - announced.milliseconds >= hours * 3_600_000 }
}

/// An incident excluded from uptime as force majeure: recorded by someone other than the operator
/// who records incidents (an admin or a compliance officer), with the reason.
public struct SLAExclusion: Sendable, Equatable {
    public let seq: Int64
    public let incident: Int64
    public let reason: String
    public let note: String
    public let by: String
}

/// A service credit issued to a license for a month: what the ledger says was actually paid out,
/// beside what `SLAMonth` says was owed.
public struct SLACreditIssue: Sendable, Equatable {
    public let seq: Int64
    public let time: EntryTime
    public let license: String
    public let month: String
    public let amount: Int64
    public let currency: String
}

extension SLAEntry {
    public static let maintenance = "sla.maintenance"
    public static let exclusion = "sla.exclusion"
    public static let credit = "sla.credit"
    /// The reasons an incident may be excluded for.
    public static let exclusionReasons: Set<String> = ["force-majeure"]
    /// The longest maintenance window.
    public static let maxMaintenanceDays: Int64 = 7

    public static func maintenanceBody(start: EntryTime, end: EntryTime, customers: [String], tiers: [String], summary: String) -> JSONValue {
        var members: [String: JSONValue] = ["start": .string(start.rfc3339), "end": .string(end.rfc3339), "summary": .string(summary)]
        if !customers.isEmpty { members["customers"] = .array(customers.map { .string($0) }) }
        if !tiers.isEmpty { members["tiers"] = .array(tiers.map { .string($0) }) }
        return .object(members)
    }

    public static func exclusionBody(incident: Int64, reason: String, note: String) -> JSONValue {
        .object(["incident": .integer(incident), "reason": .string(reason), "note": .string(note)])
    }

    public static func creditBody(license: String, month: String, amount: Int64, currency: String) -> JSONValue {
        .object(["license": .string(license), "month": .string(month), "amount": .integer(amount), "currency": .string(currency)])
    }
}

extension GovernanceState {
    /// Credits issued to `license` for `month`, in minor units.
    public func creditIssued(_ license: String, month: String) -> Int64 {
        (slaCredits[license] ?? []).filter { $0.month == month }.reduce(0) { $0 + $1.amount }
    }

    mutating func admitSLAFairness(_ entry: Entry, signer: String) throws(AuthorityViolation) {
        guard let catalog = policy?.set.catalog else {
            throw AuthorityViolation(.governanceNoPolicy, "\(entry.type): no policy in force; adopt one first")
        }
        guard let members = entry.body.objectValue else { throw AuthorityViolation(.governanceBody, "\(entry.type): the body must be an object") }
        func only(_ allowed: Set<String>) throws(AuthorityViolation) {
            if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw AuthorityViolation(.governanceBody, "\(entry.type): unknown member \"\(extra)\"")
            }
        }
        func text(_ name: String, max: Int = 1000) throws(AuthorityViolation) -> String {
            guard let value = members[name]?.stringValue, (1...max).contains(value.utf8.count) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"\(name)\" must be 1 to \(max) bytes of text")
            }
            return value
        }
        switch entry.type {
        case SLAEntry.maintenance:
            try only(["start", "end", "summary", "customers", "tiers"])
            guard let start = members["start"]?.stringValue.flatMap(EntryTime.init(rfc3339:)),
                  let end = members["end"]?.stringValue.flatMap(EntryTime.init(rfc3339:)) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"start\" and \"end\" must be times like 2026-03-01T09:00:00.000Z")
            }
            guard start > entry.time else {
                throw AuthorityViolation(.governanceTime, "\(entry.type): a maintenance window is announced before it starts; \(start) is not after the entry's time \(entry.time)")
            }
            guard start < end, end.milliseconds - start.milliseconds <= SLAEntry.maxMaintenanceDays * 86_400_000 else {
                throw AuthorityViolation(.governanceTime, "\(entry.type): it must end after it starts and last at most \(SLAEntry.maxMaintenanceDays) days (\(start) to \(end))")
            }
            let summary = try text("summary")
            let customers = members["customers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let tiers = members["tiers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard customers.isEmpty != tiers.isEmpty,
                  customers.count == (members["customers"]?.arrayValue?.count ?? 0), tiers.count == (members["tiers"]?.arrayValue?.count ?? 0)
            else { throw AuthorityViolation(.governanceBody, "\(entry.type): name the \"customers\" or \"tiers\" it affects (a non-empty list of strings), not both") }
            if let unknown = tiers.first(where: { catalog.tier($0) == nil }) {
                throw AuthorityViolation(.governanceBody, "\(entry.type): tier \(unknown) is not in the catalog")
            }
            slaMaintenance.append(MaintenanceWindow(seq: entry.seq, announced: entry.time, start: start, end: end, customers: customers,
                                                    tiers: tiers, summary: summary))
        case SLAEntry.exclusion:
            try only(["incident", "reason", "note"])
            guard let seq = members["incident"]?.integerValue, incidents.contains(where: { $0.seq == seq }) else {
                throw AuthorityViolation(.governanceNotFound, "\(entry.type): \"incident\" must be the entry of a recorded incident; `tierledger sla attainment` lists them")
            }
            guard slaExclusions[seq] == nil else {
                throw AuthorityViolation(.governanceDuplicate, "\(entry.type): incident \(seq) is already excluded (entry \(slaExclusions[seq]?.seq ?? -1))")
            }
            let reason = try text("reason", max: 64)
            guard SLAEntry.exclusionReasons.contains(reason) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"reason\" must be one of " + SLAEntry.exclusionReasons.sorted().joined(separator: ", "))
            }
            slaExclusions[seq] = SLAExclusion(seq: entry.seq, incident: seq, reason: reason, note: try text("note"), by: signer)
        default:
            try only(["license", "month", "amount", "currency"])
            guard let id = members["license"]?.stringValue, let license = licenses[id] else {
                throw AuthorityViolation(.governanceNotFound, "\(entry.type): no license \(members["license"]?.stringValue ?? "(missing)")")
            }
            guard let month = members["month"]?.stringValue, let bounds = SLAAttainment.bounds(of: month) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"month\" must look like 2026-03")
            }
            guard entry.time >= bounds.end else {
                throw AuthorityViolation(.governanceTime, "\(entry.type): \(month) has not ended at \(entry.time); a credit is issued for a finished month")
            }
            guard let amount = members["amount"]?.integerValue, amount > 0 else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"amount\" must be a positive integer in minor units")
            }
            guard members["currency"]?.stringValue == catalog.currency else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"currency\" must be the catalog's, \(catalog.currency)")
            }
            let owed = try SLAMonth(month, state: self).attainment(of: license).credit
            let issued = creditIssued(id, month: month)
            guard issued + amount <= owed else {
                throw AuthorityViolation(.governanceNotAllowed, "\(entry.type): \(id) is owed \(Money.text(owed, catalog.currency)) for \(month) "
                    + "and has been issued \(Money.text(issued, catalog.currency)); \(Money.text(amount, catalog.currency)) more is too much")
            }
            slaCredits[id, default: []].append(SLACreditIssue(seq: entry.seq, time: entry.time, license: id, month: month, amount: amount,
                                                              currency: catalog.currency))
        }
    }
}

extension MaintenanceWindow {
    var snapshotJSON: JSONValue {
        .object(["seq": .integer(seq), "announced": announced.snapshotJSON, "start": start.snapshotJSON, "end": end.snapshotJSON,
                 "customers": .array(customers.map { .string($0) }), "tiers": .array(tiers.map { .string($0) }), "summary": .string(summary)])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "maintenance window")
        self.init(seq: try f.integer("seq"), announced: try f.time("announced"), start: try f.time("start"), end: try f.time("end"),
                  customers: try f.strings("customers"), tiers: try f.strings("tiers"), summary: try f.string("summary"))
    }
}

extension SLAExclusion {
    var snapshotJSON: JSONValue {
        .object(["seq": .integer(seq), "incident": .integer(incident), "reason": .string(reason), "note": .string(note), "by": .string(by)])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "exclusion")
        self.init(seq: try f.integer("seq"), incident: try f.integer("incident"), reason: try f.string("reason"), note: try f.string("note"),
                  by: try f.string("by"))
    }
}

extension SLACreditIssue {
    var snapshotJSON: JSONValue {
        .object(["seq": .integer(seq), "time": time.snapshotJSON, "license": .string(license), "month": .string(month),
                 "amount": .integer(amount), "currency": .string(currency)])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "credit")
        self.init(seq: try f.integer("seq"), time: try f.time("time"), license: try f.string("license"), month: try f.string("month"),
                  amount: try f.integer("amount"), currency: try f.string("currency"))
    }
}
