/// Reads escaped HTML text back, and refuses anything in it that could be markup.
enum HTMLCheck {
    static let entities: [(String, Unicode.Scalar)] = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]

    /// The text an HTML parser reads from `escaped`, or why `escaped` is not plain text.
    static func text(_ escaped: String) -> Result<String, Violation> {
        let scalars = Array(escaped.unicodeScalars)
        var out = ""
        var i = 0
        scan: while i < scalars.count {
            let s = scalars[i]
            switch s {
            case "<", ">", "\"", "'":
                return .failure(Violation("a raw \(s) at scalar \(i)"))
            case "&":
                for (name, value) in entities where i + name.unicodeScalars.count <= scalars.count
                    && String(String.UnicodeScalarView(scalars[i..<(i + name.unicodeScalars.count)])) == name {
                    out.unicodeScalars.append(value)
                    i += name.unicodeScalars.count
                    continue scan
                }
                return .failure(Violation("an & that starts no entity at scalar \(i)"))
            default:
                if Expected.isControlOrNoncharacter(s) && s != "\t" && s != "\n" && s != "\r" {
                    return .failure(Violation("U+\(String(s.value, radix: 16)) at scalar \(i), which HTML does not allow"))
                }
                out.unicodeScalars.append(s)
                i += 1
            }
        }
        return .success(out)
    }
}
