/// Text for Markdown (CommonMark with GFM tables) that a parser reads back as exactly that text:
/// no emphasis, link, code span, raw HTML, entity, list, heading, quote or table cell starts
/// inside it, and it stays on its line.
///
/// What changes: every line break (CR, LF, CRLF, VT, FF, NEL, U+2028, U+2029) becomes `<br>`,
/// which reads back as one line break; other controls and noncharacters are spelled visibly as
/// `\u{…}` (``TextScalars/visible(_:)``); and whitespace at either end, which parsers strip,
/// becomes character references. Everything else reads back as written. All decisions are made on
/// Unicode scalars.
public enum MarkdownText {
    /// Where the text goes.
    public enum Context: Sendable {
        /// A GFM table cell: inline text, between pipes.
        case cell
        /// The start of a block: a paragraph, or a list item's text after its marker.
        case paragraph
        /// An ATX heading's text after its `#`s.
        case heading
    }

    /// `text` written for `context`, so that a CommonMark parser with GFM tables reads back the
    /// text as ``MarkdownText`` describes, and nothing else.
    public static func escape(_ text: String, in context: Context) -> String {
        let scalars = Array(text.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end && isStrippedSpace(scalars[start]) { start += 1 }
        while end > start && isStrippedSpace(scalars[end - 1]) { end -= 1 }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for s in scalars[0..<start] { out += "&#\(s.value);" }
        var i = start
        while i < end {
            let s = scalars[i]
            if s == "\r", i + 1 < end, scalars[i + 1] == "\n" {
                out += "<br>"
                i += 2
                continue
            }
            if TextScalars.isLineBreak(s) {
                out += "<br>"
            } else if s != "\t" && (TextScalars.isControl(s) || TextScalars.isNoncharacter(s)) {
                out += "\\" + TextScalars.visible(s)
            } else if needsBackslash(scalars, i, start: start, end: end, context: context) {
                out += "\\"
                out.unicodeScalars.append(s)
            } else {
                out.unicodeScalars.append(s)
            }
            i += 1
        }
        for s in scalars[end...] { out += "&#\(s.value);" }
        // A block that is one `<br>` and nothing else would be read as an HTML block.
        if context == .paragraph && out == "<br>" { return "&#10;" }
        return out
    }

    /// Whether the ASCII punctuation at `i` must be backslash-escaped to stay literal.
    private static func needsBackslash(_ scalars: [Unicode.Scalar], _ i: Int, start: Int, end: Int, context: Context) -> Bool {
        let s = scalars[i]
        switch s {
        case "\\", "`", "*", "[", "]", "<", ">", "~", "|", "$":
            // Escapes, code spans, emphasis, links and images, HTML and autolinks, strikethrough,
            // cell separators and (on GitHub) maths.
            return true
        case "_":
            // An underscore run between two letters or digits can neither open nor close emphasis.
            var j = i
            while j < end && scalars[j] == "_" { j += 1 }
            var k = i
            while k > start && scalars[k - 1] == "_" { k -= 1 }
            guard k > start, j < end else { return true }
            return !isWordScalar(scalars[k - 1]) || !isWordScalar(scalars[j])
        case "&":
            // `&name;`, `&#123;` or `&#x1F;` would be read as a character reference.
            var j = i + 1
            if j < end && scalars[j] == "#" { j += 1 }
            let alnumStart = j
            while j < end && isASCIIAlphanumeric(scalars[j]) { j += 1 }
            return j > alnumStart && j < end && scalars[j] == ";"
        case "#":
            // A heading's text: `#` anywhere could close it; a block: only first.
            return context == .heading || (context == .paragraph && i == start)
        case "-", "+", "=":
            // List markers, thematic breaks, setext underlines.
            return context == .paragraph && i == start
        case ".", ")":
            // `12.` or `3)` at the start of a block is an ordered list.
            guard context == .paragraph, i > start else { return false }
            return scalars[start..<i].allSatisfy { ("0"..."9").contains($0) }
        default:
            return false
        }
    }

    private static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    /// Letters and numbers: neither whitespace nor punctuation nor symbols in any CommonMark version.
    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Whitespace that a parser strips from the ends of a cell, heading or paragraph (what
    /// CommonMark and JavaScript's `trim` remove, and the byte-order mark), other than line breaks
    /// and controls, which are spelled otherwise.
    private static func isStrippedSpace(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" { return true }
        if TextScalars.isLineBreak(s) || TextScalars.isControl(s) { return false }
        return s.value == 0xFEFF || s.properties.isWhitespace
    }
}
