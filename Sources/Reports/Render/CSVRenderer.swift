/// RFC 4180 CSV of the report's main table, CRLF line ends, every row the same width. A first
/// column `record` says what a row is: `row` for the table, `attestation` for the attestation block
/// (label in the second column, value in the third). A text field that a spreadsheet would run as
/// a formula (starting with `=`, `+`, `-` or `@`, and not a number) is prefixed with `'`.
public enum CSVRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        let width = max(doc.primary.columns.count, 2) + 1
        func line(_ fields: [String]) -> String {
            (fields + Array(repeating: "", count: max(0, width - fields.count))).map(quote).joined(separator: ",") + "\r\n"
        }
        var out = line(["record"] + doc.primary.columns)
        for row in doc.primary.rows { out += line(["row"] + row) }
        for (label, value) in doc.attestation.lines { out += line(["attestation", label, value]) }
        return out
    }

    static func quote(_ raw: String) -> String {
        var field = raw
        if let first = field.first, "=+-@".contains(first), Int64(field) == nil { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
