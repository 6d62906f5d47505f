/// Whether a writer may stamp an entry ahead of its own machine's clock.
///
/// Times never decrease along the chain, so one entry dated far ahead would force every later entry
/// to carry that date or a later one: a signer with `TIERLEDGER_TIME=9999-…` could block all
/// proposals for good. A writer therefore refuses a requested time more than `tolerance` past its
/// clock, unless the caller says explicitly that it imports records dated ahead (`.allowed`).
/// `verify` accepts such entries, and notes those dated after the moment it runs.
public enum FutureTimes: Sendable, Equatable {
    /// A requested time at most `tolerance` past the writer's clock.
    case refused
    /// Any time: an import of records dated ahead, or a scenario with its own calendar.
    case allowed

    /// Five minutes: room for clocks that differ a little between machines, not for a date to come.
    public static let tolerance: Int64 = 5 * 60 * 1000

    /// The first moment that counts as ahead of `clock`.
    static func limit(after clock: EntryTime) -> Int64 { clock.milliseconds + tolerance }

    /// Throws when `time` may not be stamped by a writer whose clock reads `clock`.
    public func check(_ time: EntryTime, clock: EntryTime) throws(LedgerError) {
        guard self == .refused, time.milliseconds > Self.limit(after: clock) else { return }
        throw LedgerError.timeAhead(time: time, clock: clock)
    }
}
