/// Counts as people read them: thousands grouped with commas (`1234567` → `"1,234,567"`).
///
/// For quantities: seats, quota and usage values, rows, bytes, principals. Sequence numbers, tree
/// sizes and byte offsets are positions that people type back (`--from 2186`, `--tree-size`,
/// `tail -c`), so they stay plain digits; JSON and CSV always carry plain integers.
public enum Count {
    /// `-1234` → `"-1,234"`.
    public static func text(_ value: Int64) -> String {
        (value < 0 ? "-" : "") + grouped(value.magnitude)
    }

    /// `value` with a comma between each group of three digits.
    public static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + digits.count / 3)
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
