import Ledger
import LedgerCrypto

/// A service incident: from `start` to `end`, of a severity the tier catalog's SLAs name (`sev1` …),
/// affecting the customers or tiers it names. A `sev1` incident is an outage: it counts against
/// uptime.
///
/// It affects a license at a moment of [`start`, `end`) when the license was in service then
/// (`License.inService(from:to:)`: issued, within its term, neither suspended nor terminated) and
/// the incident names the customer or the tier the license had at that moment. An incident ends no
/// later than the entry that records it and entry times never go back, so no later change can
/// alter what it affected: the list is settled when it is recorded, whenever that is.
public struct Incident: Sendable, Equatable {
    public let seq: Int64
    public let start: EntryTime
    public let end: EntryTime
    public let severity: Severity
    public let customers: [String]
    public let tiers: [String]
    public let summary: String
    /// The licenses it affected (see above), by id.
    public internal(set) var licenses: [String]

    /// True when it took the service down (`sev1`): it counts against uptime.
    public var isOutage: Bool { severity.isOutage }

    /// The stretches of [`from`, `to`) (milliseconds) in which this incident affected `license`:
    /// it ran, the license was in service, and it names the customer or tier the license had then.
    public func affected(_ license: License, from: Int64 = .min, to: Int64 = .max) -> [License.ServiceSpan] {
        license.inService(from: max(from, start.milliseconds), to: min(to, end.milliseconds))
            .filter { customers.contains($0.customer) || tiers.contains($0.tier) }
    }
}

/// A support ticket on a license: when it was opened, first answered and resolved, at a priority
/// the tier's SLA names (`sev1` …). Response and resolution are measured in the tier's support hours.
public struct Ticket: Sendable, Equatable {
    public let seq: Int64
    public let license: String
    public let priority: Severity
    public let opened: EntryTime
    public let firstResponse: EntryTime
    public let resolved: EntryTime
}

/// The entry types of SLA records, signed by an operator or an admin once a policy is in force.
///
/// - `sla.incident`: `{"start":<time>,"end":<time>,"severity":<sev>,"summary":<text>}` plus
///   `"customers":[…]` or `"tiers":[…]` (one of them, non-empty).
/// - `sla.ticket`: `{"license":<id>,"priority":<sev>,"opened":<time>,"first_response":<time>,"resolved":<time>}`.
///
/// Times are entry times (`YYYY-MM-DDTHH:MM:SS.mmmZ`), in order, and not after the entry that records them.
public enum SLAEntry {
    public static let incident = "sla.incident"
    public static let ticket = "sla.ticket"
    public static let types: Set<String> = [incident, ticket]

    public static func incidentBody(start: EntryTime, end: EntryTime, severity: Severity, customers: [String], tiers: [String],
                                    summary: String) -> JSONValue {
        var members: [String: JSONValue] = ["start": .string(start.rfc3339), "end": .string(end.rfc3339), "severity": .string(severity.rawValue),
                                            "summary": .string(summary)]
        if !customers.isEmpty { members["customers"] = .array(customers.map { .string($0) }) }
        if !tiers.isEmpty { members["tiers"] = .array(tiers.map { .string($0) }) }
        return .object(members)
    }

    public static func ticketBody(license: String, priority: Severity, opened: EntryTime, firstResponse: EntryTime,
                                  resolved: EntryTime) -> JSONValue {
        .object(["license": .string(license), "priority": .string(priority.rawValue), "opened": .string(opened.rfc3339),
                 "first_response": .string(firstResponse.rfc3339), "resolved": .string(resolved.rfc3339)])
    }
}

extension GovernanceState {
    mutating func admitSLA(_ entry: Entry) throws(AuthorityViolation) {
        guard let catalog = policy?.set.catalog else {
            throw AuthorityViolation(.governanceNoPolicy, "\(entry.type): no policy in force names the SLA severities; adopt one first")
        }
        guard let members = entry.body.objectValue else { throw AuthorityViolation(.governanceBody, "\(entry.type): the body must be an object") }
        func time(_ name: String) throws(AuthorityViolation) -> EntryTime {
            guard let text = members[name]?.stringValue, let time = EntryTime(rfc3339: text) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"\(name)\" must be a time like 2026-03-01T09:00:00.000Z")
            }
            guard time <= entry.time else {
                throw AuthorityViolation(.governanceTime, "\(entry.type): \"\(name)\" \(time) is after the entry's own time \(entry.time); record what has happened")
            }
            return time
        }
        func severity(_ name: String) throws(AuthorityViolation) -> Severity {
            guard let value = members[name]?.stringValue.flatMap(Severity.init(rawValue:)) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"\(name)\" must be one of " + Severity.names)
            }
            return value
        }
        if entry.type == SLAEntry.incident {
            let allowed: Set<String> = ["start", "end", "severity", "summary", "customers", "tiers"]
            if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw AuthorityViolation(.governanceBody, "\(entry.type): unknown member \"\(extra)\"")
            }
            let start = try time("start"), end = try time("end")
            guard start < end else { throw AuthorityViolation(.governanceTime, "\(entry.type): it must end after it starts (\(start) to \(end))") }
            let level = try severity("severity")
            guard let summary = members["summary"]?.stringValue, (1...1000).contains(summary.utf8.count) else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"summary\" must be 1 to 1000 bytes of text")
            }
            let customers = members["customers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let tiers = members["tiers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard (customers.isEmpty) != (tiers.isEmpty),
                  customers.count == (members["customers"]?.arrayValue?.count ?? 0), tiers.count == (members["tiers"]?.arrayValue?.count ?? 0)
            else { throw AuthorityViolation(.governanceBody, "\(entry.type): name the affected \"customers\" or \"tiers\" (a non-empty list of strings), not both") }
            if let unknown = tiers.first(where: { tier in !catalog.tiers.contains { $0.id == tier } }) {
                throw AuthorityViolation(.governanceBody, "\(entry.type): tier \(unknown) is not in the catalog")
            }
            var incident = Incident(seq: entry.seq, start: start, end: end, severity: level, customers: customers, tiers: tiers,
                                    summary: summary, licenses: [])
            incident.licenses = licenses.values.filter { !incident.affected($0).isEmpty }.map(\.id).sorted()
            incidents.append(incident)
        } else {
            guard Set(members.keys) == ["license", "priority", "opened", "first_response", "resolved"] else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): the body has exactly license, priority, opened, first_response and resolved")
            }
            guard let license = members["license"]?.stringValue, licenses[license] != nil else {
                throw AuthorityViolation(.governanceNotFound, "\(entry.type): no license \(members["license"]?.stringValue ?? "(missing)")")
            }
            let priority = try severity("priority")
            let opened = try time("opened"), response = try time("first_response"), resolved = try time("resolved")
            guard opened <= response, response <= resolved else {
                throw AuthorityViolation(.governanceTime, "\(entry.type): opened, first_response and resolved must be in that order")
            }
            tickets.append(Ticket(seq: entry.seq, license: license, priority: priority, opened: opened, firstResponse: response, resolved: resolved))
        }
    }
}
