#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A single self-overwriting progress line on stderr, only when stderr is a terminal and the
/// user did not ask for quiet; at most four updates a second.
final class ProgressLine {
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(quiet: Bool) {
        enabled = !quiet && Console.stderrIsTerminal
    }

    /// Draws `done` of `total` units (bytes), with `items` counted and a rate and estimate.
    func update(items: Int64, itemName: String, done: Int, total: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(items) / elapsed
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let text = String(format: "\r%@ %lld %@ (%.0f%%, %.0f/s, about %.0fs left)   ",
                          "…", items, itemName, fraction * 100, rate, remaining)
        Console.writeToStandardError(text)
        drawn = true
    }

    /// Clears the line (once; later calls do nothing until the line is drawn again).
    func finish() {
        guard enabled, drawn else { return }
        Console.writeToStandardError("\r\u{1B}[K")
        drawn = false
    }
}
