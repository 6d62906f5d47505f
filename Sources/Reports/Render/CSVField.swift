/// One RFC 4180 field, guarded against spreadsheet formulas.
public enum CSVField {
    /// The scalars that make a spreadsheet read a field as a formula when they come first
    /// (OWASP's list): `=`, `+`, `-`, `@`, tab and carriage return.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `raw` as a field: prefixed with `'` when its first Unicode scalar would start a formula and
    /// it is not a plain integer (`-42` stays a number), then in double quotes (inner quotes
    /// doubled) when it holds a comma, a quote, a carriage return or a line feed. The tests are on
    /// scalars and bytes, so a CRLF or a quote inside a grapheme cluster is seen. Every other
    /// scalar is kept: a CSV reader gets back exactly the text, or `'` and the text.
    public static func encode(_ raw: String) -> String {
        let field = isGuarded(raw) ? "'" + raw : raw
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else {
            return field
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `raw` would be written with the `'` formula guard.
    public static func isGuarded(_ raw: String) -> Bool {
        guard let first = raw.unicodeScalars.first else { return false }
        return formulaStarts.contains(first) && Int64(raw) == nil
    }
}
