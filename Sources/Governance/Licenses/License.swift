import Ledger

/// A customer's license, as the applied changes have shaped it.
public struct License: Sendable, Equatable {
    /// Set by changes. `expired` is never stored: it follows from the term end, by replay.
    public enum Status: String, Sendable { case active, suspended, terminated }

    public let id: String
    public internal(set) var customer: String
    public internal(set) var tier: String
    public internal(set) var addons: [String]
    public internal(set) var seats: Int64
    public internal(set) var termStart: EntryTime
    public internal(set) var termEnd: EntryTime
    public internal(set) var status: Status
    public internal(set) var quotaOverrides: [String: Int64]
    /// Entries of the applied changes, oldest first: the license's history.
    public internal(set) var changes: [Int64]
    /// The license as each applied change left it, oldest first, one per entry of `changes`: what
    /// it was at any moment of its life (see `Version` and `inService(from:to:)`).
    public internal(set) var versions: [Version] = []
    /// The entry of the `trial` change that began the license, or nil for one issued as paid. It
    /// stays after a conversion, so the history shows where the license came from.
    public internal(set) var trialSince: Int64? = nil
    /// The entry of the `convert` change that made the trial a paid license, or nil.
    public internal(set) var convertedAt: Int64? = nil

    /// A trial not (yet) converted: its term end is the trial's end.
    public var isTrial: Bool { trialSince != nil && convertedAt == nil }

    /// `active`, `suspended`, `terminated`, or `expired` once `time` reaches the term end.
    public func status(at time: EntryTime) -> LicenseStatus {
        if status == .terminated { return .terminated }
        if time >= termEnd { return .expired }
        return status == .suspended ? .suspended : .active
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "customer": .string(customer), "tier": .string(tier), "addons": .array(addons.map { .string($0) }),
            "seats": .integer(seats), "term_start": .string(termStart.rfc3339), "term_end": .string(termEnd.rfc3339),
            "quota_overrides": .object(quotaOverrides.mapValues { .integer($0) }),
            "changes": .array(changes.map { .integer($0) }),
        ]
        if let trialSince {
            members["trial"] = .object(["since": .integer(trialSince), "converted": convertedAt.map { .integer($0) } ?? .null])
        }
        return .object(members)
    }

    /// License ids: 1–64 of letters, digits, '.', '_', '-' (e.g. a CRM id such as ACME-2026-001).
    public static func isValidID(_ id: String) -> Bool { Genesis.isValidName(id) && !id.contains("@") }
}
