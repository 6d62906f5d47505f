/// Text from a request made safe for a log line: control characters, backslashes and quotes are
/// escaped, and long text is cut, so a client cannot forge or flood log lines.
enum LogText {
    static let maxLength = 512

    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(maxLength) {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if text.unicodeScalars.count > maxLength { out += "…" }
        return out
    }
}
