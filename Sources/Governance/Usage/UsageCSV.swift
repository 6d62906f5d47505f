import Foundation
import LedgerCrypto

/// Reads usage CSV: a header line `license,metric,period_start,period_end,value`, then one record a
/// line; fields are plain (no quotes, no commas inside), dates `YYYY-MM-DD`, values whole numbers,
/// LF or CRLF line ends. Every error names the line. A file is read in blocks, never whole, and
/// stops at the first bad line; at most `maxRows` rows and `maxLineBytes` a line.
public enum UsageCSV {
    public static let header = "license,metric,period_start,period_end,value"
    /// Rows in one import: one durable batch of at most 100 `usage.record` entries.
    public static let maxRows = 100_000
    public static let maxLineBytes = 4_096

    public struct LineError: CodedError {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
        public var errorCode: ErrorCode { .governanceUsageCSV }
    }

    /// The records of `text` and the line each came from.
    public static func parse(_ text: String) throws(LineError) -> [(line: Int, record: UsageRecord)] {
        var rows = Rows()
        var out: [(Int, UsageRecord)] = []
        // "\r\n" is one Character in Swift, so split on any newline, not on "\n": CRLF files (spreadsheet
        // exports) read line by line like LF ones.
        for content in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let record = try rows.next(Substring(content)) { out.append((rows.line, record)) }
        }
        try rows.finish()
        return out
    }

    /// Streams the records of the file at `path` to `each`, in blocks of 64 KiB.
    public static func read(file path: String, _ each: (Int, UsageRecord) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LineError(line: 0, message: "cannot open the file for reading")
        }
        defer { try? handle.close() }
        var rows = Rows()
        var pending: [UInt8] = []
        func emit(_ bytes: ArraySlice<UInt8>) throws {
            var content = bytes
            if content.last == 0x0D { content = content.dropLast() }
            guard let text = String(validating: content, as: UTF8.self) else {
                throw LineError(line: rows.line + 1, message: "not valid UTF-8")
            }
            if let record = try rows.next(Substring(text)) { try each(rows.line, record) }
        }
        while let block = try handle.read(upToCount: 65_536), !block.isEmpty {
            pending.append(contentsOf: block)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
            guard pending.count <= maxLineBytes else {
                throw LineError(line: rows.line + 1, message: "longer than \(maxLineBytes) bytes; is this a usage CSV?")
            }
        }
        if !pending.isEmpty { try emit(pending[...]) }
        try rows.finish()
    }

    /// Turns lines into records, one at a time.
    struct Rows {
        /// The number of the line last given.
        private(set) var line = 0
        private var sawHeader = false
        private var count = 0

        mutating func next(_ content: Substring) throws(LineError) -> UsageRecord? {
            line += 1
            if content.allSatisfy({ $0 == " " || $0 == "\t" }) { return nil }
            guard content.utf8.count <= maxLineBytes else { throw LineError(line: line, message: "longer than \(maxLineBytes) bytes") }
            if !sawHeader {
                guard content.replacingOccurrences(of: " ", with: "") == header else {
                    throw LineError(line: line, message: "the first line must be the header \(header)")
                }
                sawHeader = true
                return nil
            }
            guard count < maxRows else { throw LineError(line: line, message: "more than \(maxRows) rows; split the file") }
            count += 1
            let fields = content.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 5 else { throw LineError(line: line, message: "expected 5 fields (\(header)), found \(fields.count)") }
            guard !fields[0].isEmpty, !fields[1].isEmpty else { throw LineError(line: line, message: "license and metric are required") }
            guard let value = Int64(fields[4]), value >= 0, value <= 9_007_199_254_740_991 else {
                throw LineError(line: line, message: "value \"\(fields[4])\" must be a whole number, 0 or more")
            }
            guard UsageRecord.isDate(fields[2]), UsageRecord.isDate(fields[3]), fields[2] <= fields[3] else {
                throw LineError(line: line, message: "period \(fields[2]) to \(fields[3]) must be two YYYY-MM-DD dates, start first")
            }
            return UsageRecord(license: fields[0], metric: fields[1], periodStart: fields[2], periodEnd: fields[3], value: value)
        }

        func finish() throws(LineError) {
            guard sawHeader else { throw LineError(line: 1, message: "the file is empty; it needs the header \(header)") }
        }
    }
}
