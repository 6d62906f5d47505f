import Reports

/// A fragment of HTML that is safe to emit as it is: every `String` interpolated into one is
/// escaped on Unicode scalars (`HTMLText.escape`), and only another `HTML` is inserted as markup.
/// The portal builds every page from these, so no text from the ledger or a request can open an
/// element, an attribute or a comment.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var markup: String

    init(stringLiteral value: String) { markup = value }
    init(stringInterpolation: Interpolation) { markup = stringInterpolation.markup }
    private init(markup: String) { self.markup = markup }

    var description: String { markup }

    /// Markup the caller vouches for (a constant, or bytes made only of escaped parts).
    static func trusted(_ markup: String) -> HTML { HTML(markup: markup) }

    /// `parts` one after another.
    static func join(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(markup: parts.map(\.markup).joined(separator: separator.markup))
    }

    struct Interpolation: StringInterpolationProtocol {
        var markup = ""
        init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity + 16 * interpolationCount) }
        mutating func appendLiteral(_ literal: String) { markup += literal }
        /// Text: escaped.
        mutating func appendInterpolation(_ text: String) { markup += HTMLText.escape(text) }
        /// A number: as decimal digits.
        mutating func appendInterpolation(_ number: Int64) { markup += String(number) }
        mutating func appendInterpolation(_ number: Int) { markup += String(number) }
        /// Markup: as it is.
        mutating func appendInterpolation(_ html: HTML) { markup += html.markup }
        mutating func appendInterpolation(_ parts: [HTML]) { markup += parts.map(\.markup).joined() }
    }
}
