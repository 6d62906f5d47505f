/// The Unicode scalars that every renderer and the terminal treat specially, and the one visible
/// spelling of a scalar that must not be written as it is.
///
/// Escaping is decided scalar by scalar, never on `Character`s: a grapheme cluster can hide a `<`,
/// a quote or a line break behind a prepended or combining scalar (`"\u{600}<"` is one
/// `Character`, and so is `"\r\n"`), and a test of the cluster misses it.
public enum TextScalars {
    /// C0 controls (U+0000–U+001F), DEL and the C1 controls (U+0080–U+009F).
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
    public static func isNoncharacter(_ s: Unicode.Scalar) -> Bool {
        (0xFDD0...0xFDEF).contains(s.value) || s.value & 0xFFFE == 0xFFFE
    }

    /// Mandatory line breaks (UAX #14 classes BK, CR, LF, NL): LF, VT, FF, CR, NEL, U+2028 and
    /// U+2029. A CR followed by an LF is one break; callers that turn breaks into markup see to that.
    public static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Bidirectional formatting characters: the Arabic letter mark, LRM and RLM, the embeddings
    /// and overrides U+202A–U+202E, and the isolates U+2066–U+2069. They reorder the text around
    /// them, so that what a reader sees is not the order of what is stored.
    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Scalars a terminal shows as nothing or that change how the rest of the line looks: controls,
    /// line and paragraph separators, noncharacters, and the format characters (general category
    /// Cf: bidi controls, soft hyphen, zero-width space, word joiner, byte-order mark, the Arabic
    /// number signs that prepend themselves to the next character, tag characters, …). The
    /// zero-width joiner and non-joiner stay: scripts and emoji sequences need them, and they move
    /// or hide nothing.
    public static func isUnsafeOnTerminal(_ s: Unicode.Scalar) -> Bool {
        if isControl(s) || isNoncharacter(s) || isBidiControl(s) || s.value == 0x2028 || s.value == 0x2029 { return true }
        if s.value == 0x200C || s.value == 0x200D { return false }
        return s.properties.generalCategory == .format
    }

    /// `\u{1B}`: the scalar's code point in hexadecimal (upper case, no leading zeros), as Swift
    /// writes it, so that a reader sees that the text holds it without the scalar taking effect.
    public static func visible(_ s: Unicode.Scalar) -> String {
        "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
    }
}
