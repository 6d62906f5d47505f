/// RFC 4180 CSV of the report's main table, CRLF line ends, every row the same width. A first
/// column `record` says what a row is: `row` for the table, `attestation` for the attestation block
/// (label in the second column, value in the third). Fields are written by ``CSVField/encode(_:)``:
/// quoted when they hold a comma, quote or line break, and a text field that a spreadsheet would
/// run as a formula (first scalar `=`, `+`, `-`, `@`, tab or CR, and not an integer) is prefixed
/// with `'`. Amounts stay integers in minor units, counts plain integers.
public enum CSVRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        let width = max(doc.primary.columns.count, 2) + 1
        func line(_ fields: [String]) -> String {
            (fields + Array(repeating: "", count: max(0, width - fields.count))).map(CSVField.encode).joined(separator: ",") + "\r\n"
        }
        var out = line(["record"] + doc.primary.columns)
        for row in doc.primary.rows { out += line(["row"] + row) }
        for (label, value) in doc.attestation.lines { out += line(["attestation", label, value]) }
        return out
    }
}
