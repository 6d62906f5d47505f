#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal: results on stdout, diagnostics on stderr.
enum Console {
    static func out(_ text: String, terminator: String = "\n") {
        print(text, terminator: terminator)
    }

    static func error(_ text: String) {
        let line = text.hasPrefix("error:") || text.hasPrefix("Error:") ? text : "error: " + text
        writeToStandardError(line + "\n")
    }

    static func note(_ text: String) {
        writeToStandardError(text + "\n")
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
