/// What each format must read back for a text, spelled out apart from the renderers (the same
/// rules as Tests/GovernanceTests/RendererReadBackTests.swift).
enum Expected {
    static func visible(_ s: Unicode.Scalar) -> String { "\\u{" + String(s.value, radix: 16, uppercase: true) + "}" }

    static func isControlOrNoncharacter(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0xFDD0...0xFDEF).contains(s.value) || s.value & 0xFFFE == 0xFFFE
    }

    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// HTML keeps tab, LF and CR; other controls and noncharacters are spelled visibly.
    static func html(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if isControlOrNoncharacter(s) && s != "\t" && s != "\n" && s != "\r" { out += visible(s) } else { out.unicodeScalars.append(s) }
        }
        return out
    }

    /// Markdown: every line break (CRLF as one) is `\n`; tab stays; other controls and
    /// noncharacters are spelled visibly.
    static func markdown(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                out += "\n"
                i += 1
            } else if isLineBreak(s) {
                out += "\n"
            } else if isControlOrNoncharacter(s) && s != "\t" {
                out += visible(s)
            } else {
                out.unicodeScalars.append(s)
            }
            i += 1
        }
        return out
    }

    /// CSV: the text, with `'` before it when its first scalar starts a formula and it is not an integer.
    static func csv(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(text) == nil else { return text }
        return "'" + text
    }
}
