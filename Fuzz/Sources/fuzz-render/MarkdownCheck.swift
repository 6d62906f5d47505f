/// Reads escaped Markdown text back as a CommonMark parser would (backslash escapes, `<br>`,
/// decimal character references), and refuses anything in it that could start a construct: a raw
/// line break or control, an unescaped `|`, emphasis, code, link, HTML or entity, and at the start
/// of a block, whitespace or a list, heading, quote or break marker.
enum MarkdownCheck {
    static let alwaysEscaped: Set<Unicode.Scalar> = ["`", "*", "[", "]", "<", ">", "~", "|", "$"]

    static func text(_ escaped: String, paragraph: Bool = false, heading: Bool = false) -> Result<String, Violation> {
        let scalars = Array(escaped.unicodeScalars)
        if let first = scalars.first, isStripped(first) { return .failure(Violation("starts with whitespace a parser strips")) }
        if let last = scalars.last, isStripped(last) { return .failure(Violation("ends with whitespace a parser strips")) }
        if paragraph, let problem = blockStart(scalars) { return .failure(Violation(problem)) }
        var out = ""
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\\" {
                guard i + 1 < scalars.count, isASCIIPunctuation(scalars[i + 1]) else { return .failure(Violation("a backslash escapes nothing at \(i)")) }
                out.unicodeScalars.append(scalars[i + 1])
                i += 2
            } else if s == "<" && String(String.UnicodeScalarView(scalars[i..<min(i + 4, scalars.count)])) == "<br>" {
                out += "\n"
                i += 4
            } else if s == "&" {
                var j = i + 1
                let numeric = j < scalars.count && scalars[j] == "#"
                if numeric { j += 1 }
                let start = j
                while j < scalars.count && isASCIIAlphanumeric(scalars[j]) { j += 1 }
                guard j > start, j < scalars.count, scalars[j] == ";" else {
                    out += "&"
                    i += 1
                    continue
                }
                guard numeric, let value = UInt32(String(String.UnicodeScalarView(scalars[start..<j]))), let decoded = Unicode.Scalar(value) else {
                    return .failure(Violation("an entity the renderer did not write at \(i)"))
                }
                out.unicodeScalars.append(decoded)
                i = j + 1
            } else if s == "_" {
                var j = i
                while j < scalars.count && scalars[j] == "_" { j += 1 }
                guard i > 0, j < scalars.count, isWord(scalars[i - 1]), isWord(scalars[j]) else {
                    return .failure(Violation("an underscore that can open or close emphasis at \(i)"))
                }
                out += String(repeating: "_", count: j - i)
                i = j
            } else if alwaysEscaped.contains(s) || (heading && s == "#") {
                return .failure(Violation("an unescaped \(s) at \(i)"))
            } else if Expected.isLineBreak(s) || (s != "\t" && Expected.isControlOrNoncharacter(s)) {
                return .failure(Violation("U+\(String(s.value, radix: 16)) raw at \(i)"))
            } else {
                out.unicodeScalars.append(s)
                i += 1
            }
        }
        return .success(out)
    }

    /// Why the first scalars would open a block other than a paragraph, if they would.
    static func blockStart(_ scalars: [Unicode.Scalar]) -> String? {
        guard let first = scalars.first else { return nil }
        if "#>-+=*_`~|[".unicodeScalars.contains(first) { return "a block starts with \(first)" }
        if String(String.UnicodeScalarView(scalars)) == "<br>" { return "a block that is only <br> (an HTML block)" }
        var digits = 0
        while digits < scalars.count && ("0"..."9").contains(scalars[digits]) { digits += 1 }
        if digits > 0 && digits < scalars.count && (scalars[digits] == "." || scalars[digits] == ")") { return "an ordered list marker" }
        return nil
    }

    static func isStripped(_ s: Unicode.Scalar) -> Bool {
        s == "\t" || s == " " || s.value == 0xFEFF || (s.properties.isWhitespace && !Expected.isControlOrNoncharacter(s))
    }

    static func isASCIIPunctuation(_ s: Unicode.Scalar) -> Bool {
        (0x21...0x2F).contains(s.value) || (0x3A...0x40).contains(s.value) || (0x5B...0x60).contains(s.value) || (0x7B...0x7E).contains(s.value)
    }

    static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    static func isWord(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
