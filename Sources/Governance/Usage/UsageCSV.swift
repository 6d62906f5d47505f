import Foundation

/// Reads usage CSV: a header line `license,metric,period_start,period_end,value`, then one record a
/// line; fields are plain (no quotes, no commas inside), dates `YYYY-MM-DD`, values whole numbers.
/// Every error names the line. At most `maxRows` rows a file.
public enum UsageCSV {
    public static let header = "license,metric,period_start,period_end,value"
    public static let maxRows = 100_000

    public struct LineError: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The records and the line each came from.
    public static func parse(_ text: String) throws(LineError) -> [(line: Int, record: UsageRecord)] {
        var out: [(Int, UsageRecord)] = []
        var sawHeader = false
        // "\r\n" is one Character in Swift, so split on any newline, not on "\n": CRLF files (spreadsheet
        // exports) read line by line like LF ones.
        for (index, content) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = index + 1
            if content.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if !sawHeader {
                guard content.replacingOccurrences(of: " ", with: "") == header else {
                    throw LineError(line: line, message: "the first line must be the header \(header)")
                }
                sawHeader = true
                continue
            }
            guard out.count < maxRows else { throw LineError(line: line, message: "more than \(maxRows) rows; split the file") }
            let fields = content.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 5 else { throw LineError(line: line, message: "expected 5 fields (\(header)), found \(fields.count)") }
            guard !fields[0].isEmpty, !fields[1].isEmpty else { throw LineError(line: line, message: "license and metric are required") }
            guard let value = Int64(fields[4]), value >= 0, value <= 9_007_199_254_740_991 else {
                throw LineError(line: line, message: "value \"\(fields[4])\" must be a whole number, 0 or more")
            }
            guard UsageRecord.isDate(fields[2]), UsageRecord.isDate(fields[3]), fields[2] <= fields[3] else {
                throw LineError(line: line, message: "period \(fields[2]) to \(fields[3]) must be two YYYY-MM-DD dates, start first")
            }
            out.append((line, UsageRecord(license: fields[0], metric: fields[1], periodStart: fields[2], periodEnd: fields[3], value: value)))
        }
        guard sawHeader else { throw LineError(line: 1, message: "the file is empty; it needs the header \(header)") }
        return out
    }
}
