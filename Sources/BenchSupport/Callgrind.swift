/// Reading what `valgrind --tool=callgrind` wrote.
///
/// `make bench-count` runs each measure in its own process under callgrind with collection off at
/// start and toggled on inside one function (`--toggle-collect`), so the file's total is the
/// instructions of that function and what it called, on its thread, and nothing else.
public enum CallgrindOutput {
    /// The instructions executed (event `Ir`) from the `totals:` line, or `summary:` when there is
    /// no `totals:`; nil when neither is there or the file counts other events first.
    public static func instructions(in text: String) -> Int? {
        var events: [Substring] = ["Ir"]
        var summary: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("events:") {
                events = line.dropFirst("events:".count).split(separator: " ")
            } else if line.hasPrefix("totals:") {
                return first(events, line.dropFirst("totals:".count))
            } else if line.hasPrefix("summary:") {
                summary = first(events, line.dropFirst("summary:".count))
            }
        }
        return summary
    }

    private static func first(_ events: [Substring], _ values: Substring) -> Int? {
        guard events.first == "Ir" else { return nil }
        return values.split(separator: " ").first.flatMap { Int($0) }
    }
}
