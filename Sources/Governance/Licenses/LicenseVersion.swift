import Ledger

extension License {
    /// The license as one applied change (`change.apply` or `change.emergency`) left it: in force
    /// from that entry's time until the next change's time.
    public struct Version: Sendable, Equatable {
        /// The entry of the change.
        public let seq: Int64
        /// When it took effect: the time of the change's entry.
        public let from: EntryTime
        public let customer: String
        public let tier: String
        public let addons: [String]
        public let seats: Int64
        public let termStart: EntryTime
        public let termEnd: EntryTime
        public let status: Status
    }

    /// A stretch of time in which the license was in service, with the customer and tier it had
    /// then. Milliseconds since the epoch, `start` included, `end` excluded.
    public struct ServiceSpan: Sendable, Equatable {
        public let start: Int64
        public let end: Int64
        public let customer: String
        public let tier: String
    }

    mutating func recordVersion(seq: Int64, at time: EntryTime) {
        versions.append(Version(seq: seq, from: time, customer: customer, tier: tier, addons: addons, seats: seats,
                                termStart: termStart, termEnd: termEnd, status: status))
    }

    /// The version in force just before `time`: the last change whose time is earlier (the last in
    /// ledger order among equal times). Nil when the license was issued at or after `time`.
    public func version(before time: EntryTime) -> Version? {
        versions.last { $0.from < time }
    }

    /// The stretches of [`from`, `to`) (milliseconds) in which the license was **in service**, oldest
    /// first. At a moment *t* the license stands as the last change at or before *t* left it (the
    /// last in ledger order among changes at the same time); it is in service when that change
    /// exists (it was issued), its term runs (term start ≤ *t* < term end), and it is neither
    /// suspended nor terminated.
    public func inService(from: Int64, to: Int64) -> [ServiceSpan] {
        var spans: [ServiceSpan] = []
        for (index, version) in versions.enumerated() where version.status == .active {
            let until = index + 1 < versions.count ? versions[index + 1].from.milliseconds : Int64.max
            let start = max(from, version.from.milliseconds, version.termStart.milliseconds)
            let end = min(to, until, version.termEnd.milliseconds)
            guard start < end else { continue }
            spans.append(ServiceSpan(start: start, end: end, customer: version.customer, tier: version.tier))
        }
        return spans
    }
}
