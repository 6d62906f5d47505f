/// Text for HTML: element content, and attribute values in double or single quotes.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references, and every scalar that HTML
    /// does not allow in a document (controls other than tab, line feed and carriage return, and
    /// noncharacters) spelled visibly as `\u{…}` (``TextScalars/visible(_:)``) instead of emitted.
    /// An HTML parser reads back exactly `text`, but for those scalars; no element, attribute or
    /// comment can start inside it.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if TextScalars.isControl(scalar) || TextScalars.isNoncharacter(scalar) {
                    out += TextScalars.visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
