#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ledger
import LedgerCrypto

/// Writing to the terminal: results on stdout, diagnostics on stderr.
///
/// Human-readable output is sanitised by default: `out` and `note` take a ``TerminalLine`` (whose
/// interpolated values pass ``Terminal/line(_:)``), `document` and `error` pass ``Terminal/lines(_:)``.
/// Only `exact` writes text as it is, for machine output whose bytes are the point (JSON, PEM,
/// checkpoint notes, CSV, HTML and JSON reports).
enum Console {
    /// One human-readable line on stdout.
    static func out(_ line: TerminalLine, terminator: String = "\n") {
        print(line.text, terminator: terminator)
    }

    /// Several human-readable lines on stdout, whose own line feeds stay (a Markdown report).
    static func document(_ text: String) {
        print(Terminal.lines(text), terminator: "")
    }

    /// Machine output on stdout, byte for byte: `--json` lines, stored entries, PEM, notes, and
    /// reports in json, csv or html.
    static func exact(_ text: String, terminator: String = "\n") {
        print(text, terminator: terminator)
    }

    /// An error on stderr, as `error[CODE]: message`.
    static func error(_ code: ErrorCode, _ text: String) {
        writeToStandardError(Terminal.lines("error[\(code.id)]: " + text) + "\n")
    }

    /// An error on stderr as one JSON line (`--json`): `object` with its `message` replaced by
    /// `message` made safe for a terminal first, so the line is valid JSON and shows as written.
    static func errorJSON(_ object: JSONValue, message: String) {
        guard case var .object(members) = object else { return }
        members["message"] = .string(Terminal.lines(message))
        writeToStandardError(JSONOutput.line(members) + "\n")
    }

    /// One human-readable line on stderr.
    static func note(_ line: TerminalLine) {
        writeToStandardError(line.text + "\n")
    }

    /// Unbuffered write to file descriptor 2.
    static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(STDERR_FILENO, base + done, raw.count - done)
            }
            if n <= 0 { break }
            done += n
        }
        bytes.removeAll()
    }

    /// True when stderr is a terminal, so progress lines are welcome.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
