import Foundation

/// An instant with millisecond precision, written as RFC 3339 UTC with exactly three fractional
/// digits: `2026-11-25T09:30:00.250Z`. The fixed width makes text order equal time order.
public struct EntryTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    /// Latest representable instant: 9999-12-31T23:59:59.999Z.
    static let maximum: Int64 = 253_402_300_799_999

    public init?(milliseconds: Int64) {
        guard milliseconds >= 0, milliseconds <= EntryTime.maximum else { return nil }
        self.milliseconds = milliseconds
    }

    /// The current wall-clock time, truncated to milliseconds.
    public static func now() -> EntryTime {
        let ms = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return EntryTime(milliseconds: min(max(ms, 0), maximum)) ?? EntryTime(unchecked: 0)
    }

    private init(unchecked ms: Int64) { milliseconds = ms }

    public static func < (a: EntryTime, b: EntryTime) -> Bool { a.milliseconds < b.milliseconds }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.mmmZ`; nil for any other form or an impossible date.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        guard b.count == 24,
              b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."),
              b[23] == UInt8(ascii: "Z"),
              let year = EntryTime.number(b, 0, 4), let month = EntryTime.number(b, 5, 2),
              let day = EntryTime.number(b, 8, 2), let hour = EntryTime.number(b, 11, 2),
              let minute = EntryTime.number(b, 14, 2), let second = EntryTime.number(b, 17, 2),
              let millis = EntryTime.number(b, 20, 3),
              year >= 1970, (1...12).contains(month), day >= 1, day <= EntryTime.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let days = EntryTime.daysFromCivil(year: year, month: month, day: day)
        milliseconds = ((days * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000) + millis
    }

    /// The RFC 3339 form, e.g. `2026-11-25T09:30:00.250Z`.
    public var rfc3339: String {
        let totalSeconds = milliseconds / 1_000
        let days = totalSeconds / 86_400
        let secondsOfDay = totalSeconds % 86_400
        let (year, month, day) = EntryTime.civilFromDays(days)
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3_600, 2)):"
            + "\(pad(secondsOfDay % 3_600 / 60, 2)):\(pad(secondsOfDay % 60, 2)).\(pad(milliseconds % 1_000, 3))Z"
    }

    public var description: String { rfc3339 }

    /// The same time of day `months` calendar months later; the day is clamped to the month's end
    /// (31 January + 1 month = 28 or 29 February). Nil past 9999.
    public func addingMonths(_ months: Int64) -> EntryTime? {
        let days = milliseconds / 86_400_000
        let within = milliseconds % 86_400_000
        let (year, month, day) = EntryTime.civilFromDays(days)
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12, newMonth = index % 12 + 1
        let newDay = min(day, EntryTime.daysIn(month: newMonth, year: newYear))
        return EntryTime(milliseconds: EntryTime.daysFromCivil(year: newYear, month: newMonth, day: newDay) * 86_400_000 + within)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, after H. Hinnant's days_from_civil)

    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for i in start..<(start + count) {
            guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(b[i] - UInt8(ascii: "0"))
        }
        return value
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
