import Reports

/// The one sanitiser between text the program did not write (names, reasons, comments, customer
/// ids, entry bodies, file contents, report text) and a terminal.
///
/// Every scalar a terminal would act on or hide instead of showing — C0 and C1 controls (escape
/// sequences start with ESC or CSI), DEL, line and paragraph separators, bidirectional overrides
/// and isolates, and the other invisible format characters (``TextScalars/isUnsafeOnTerminal(_:)``)
/// — is written as a visible escape such as `\u{1B}`. Decisions are made on Unicode scalars, so a
/// control inside a grapheme cluster is caught too. Machine output (`--json`, PEM, notes, CSV, HTML
/// and JSON reports) does not pass here: it goes out exact through ``Console/exact(_:terminator:)``.
enum Terminal {
    /// `text` as part of one line: line feeds and tabs inside it are escaped too, so a value can
    /// neither start a line of its own nor shift a column.
    static func line(_ text: String) -> String {
        escaped(text, keepingLineFeeds: false)
    }

    /// A document of several lines whose line feeds are its own (a Markdown report, an error
    /// message with its usage): line feeds stay, everything else unsafe is escaped.
    static func lines(_ text: String) -> String {
        escaped(text, keepingLineFeeds: true)
    }

    private static func escaped(_ text: String, keepingLineFeeds: Bool) -> String {
        guard text.unicodeScalars.contains(where: TextScalars.isUnsafeOnTerminal) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if TextScalars.isUnsafeOnTerminal(scalar) && !(keepingLineFeeds && scalar == "\n") {
                out.append(contentsOf: TextScalars.visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
