/// Finds the first entry dated more than `FutureTimes.tolerance` after the moment a verification
/// runs. Such entries are valid (an import may date records ahead), but every later entry must be
/// dated at or after them, so `verify` says where they start.
struct AheadOfClock {
    let clock: EntryTime
    private(set) var first: (seq: Int64, time: EntryTime)?

    init(clock: EntryTime) { self.clock = clock }

    /// Looks at one entry, in order.
    mutating func see(seq: Int64, time: EntryTime) {
        guard first == nil, time.milliseconds > FutureTimes.limit(after: clock) else { return }
        first = (seq, time)
    }

    /// A note for the report, when any entry was dated ahead.
    var note: String? {
        first.map {
            "entries from \($0.seq) on are dated after this verification ran (entry \($0.seq): \($0.time); this machine's clock: "
                + "\(clock)); every new entry will be dated at or after the last of them. If that is not an import of "
                + "records dated ahead, check the clock of the machine that wrote them"
        }
    }
}
