import Foundation
import Ledger

/// The time the command line stamps on new entries and judges deadlines by.
///
/// It is the system clock, unless `TIERLEDGER_TIME` names an instant (RFC 3339 UTC, with or without
/// milliseconds, or a date for its midnight). That override exists to load records from another
/// system with their own times and to run scenarios reproducibly; it cannot rewrite history, because
/// an entry's time is never earlier than the entry before it (the writer raises it, `verify` checks it).
enum Clock {
    static let variable = "TIERLEDGER_TIME"
    /// Set to 1 to let new entries be dated more than `FutureTimes.tolerance` past the system clock.
    static let allowFutureVariable = "TIERLEDGER_ALLOW_FUTURE_TIME"

    /// Whether writes may be dated ahead of the system clock: only when asked for explicitly.
    static var future: FutureTimes {
        ProcessInfo.processInfo.environment[allowFutureVariable] == "1" ? .allowed : .refused
    }

    /// Says so on stderr when the writer had to date `stored` later than the `requested` time by more
    /// than the tolerance: the clock (or TIERLEDGER_TIME) is behind the ledger's last entry.
    static func noteIfRaised(requested: EntryTime, stored: [StoredEntry]) {
        guard let first = stored.first, first.entry.time.milliseconds - requested.milliseconds > FutureTimes.tolerance else { return }
        Console.note("note: the clock reads \(requested), before the ledger's last entry; entry \(first.entry.seq) is dated "
            + "\(first.entry.time) instead, since time never goes backwards in the ledger. Check this machine's clock (and \(variable))")
    }

    static func now() throws -> EntryTime {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return .now() }
        guard let time = parse(text) else {
            throw CLIError("\(variable)=\(text) is not a time: give RFC 3339 UTC such as 2026-03-01T09:00:00Z or 2026-03-01, or unset it to use the system clock",
                           code: .commandLineEnvironment)
        }
        return time
    }

    /// `2026-03-01T09:00:00.250Z`, `2026-03-01T09:00:00Z` or `2026-03-01`.
    static func parse(_ text: String) -> EntryTime? {
        if let time = EntryTime(rfc3339: text) { return time }
        if text.utf8.count == 20, text.hasSuffix("Z") { return EntryTime(rfc3339: text.dropLast() + ".000Z") }
        if text.utf8.count == 10 { return EntryTime(rfc3339: text + "T00:00:00.000Z") }
        return nil
    }
}
