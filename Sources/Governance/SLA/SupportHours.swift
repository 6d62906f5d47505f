import Ledger

/// The hours in which support clocks run, by the name a tier's SLA gives them. All in UTC:
///
/// | name | days | hours |
/// |---|---|---|
/// | `business` | Monday to Friday | 09:00–18:00 |
/// | `extended` | Monday to Saturday | 07:00–22:00 |
/// | `24x7` | every day | all day |
public struct SupportHours: Sendable, Equatable {
    public let name: String
    /// Open days, 0 = Monday … 6 = Sunday.
    let days: Set<Int64>
    /// Open from this minute of the day up to (not including) `closes`.
    let opens: Int64
    let closes: Int64

    public init?(_ name: String) {
        switch name {
        case "business": (days, opens, closes) = ([0, 1, 2, 3, 4], 9 * 60, 18 * 60)
        case "extended": (days, opens, closes) = ([0, 1, 2, 3, 4, 5], 7 * 60, 22 * 60)
        case "24x7": (days, opens, closes) = ([0, 1, 2, 3, 4, 5, 6], 0, 24 * 60)
        default: return nil
        }
        self.name = name
    }

    public static let names = ["business", "extended", "24x7"]

    /// Milliseconds between `from` and `to` that fall within these hours.
    public func elapsed(from: EntryTime, to: EntryTime) -> Int64 {
        guard from < to else { return 0 }
        let day = Int64(86_400_000)
        var total: Int64 = 0
        var dayStart = from.milliseconds / day * day
        while dayStart < to.milliseconds {
            // 1970-01-01 was a Thursday (3 when Monday is 0).
            if days.contains((dayStart / day + 3) % 7) {
                let open = max(dayStart + opens * 60_000, from.milliseconds)
                let close = min(dayStart + closes * 60_000, to.milliseconds)
                if close > open { total += close - open }
            }
            dayStart += day
        }
        return total
    }
}
