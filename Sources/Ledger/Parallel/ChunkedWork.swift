import Dispatch
import Foundation

/// A parallel loop over `0..<count` that the starting thread joins later, when it has nothing else
/// to do.
///
/// Helper threads (`lanes - 1` of them) take the indices in small chunks from a shared cursor as
/// soon as the work is created; the thread that created it goes on with its own work (reading the
/// next batch, or handing out the previous one), then calls `finish()` to take the chunks left and
/// wait for the chunks still running. With `lanes` threads in all, no core runs two of them, and
/// whichever thread is free takes the next chunk, so none idles while another has a backlog. A
/// helper the system has not started yet is never waited for: it finds nothing left to do.
final class ChunkedWork: @unchecked Sendable {
    private let count: Int
    private let chunk: Int
    private let body: @Sendable (Range<Int>) -> Int?
    private let condition = NSCondition()
    private var cursor = 0
    private var limit: Int
    private var running = 0

    /// Starts `body` over the chunks of `0..<count` on up to `lanes - 1` helper threads. When `body`
    /// returns an index, no chunk that starts after it is handed out (a search that found what it
    /// looked for there); chunks already taken run to their end.
    init(count: Int, chunk: Int, lanes: Int, body: @escaping @Sendable (Range<Int>) -> Int?) {
        self.count = count
        self.chunk = max(1, chunk)
        self.body = body
        limit = count
        let chunks = (count + self.chunk - 1) / self.chunk
        for _ in 0..<max(0, min(lanes, chunks) - 1) {
            DispatchQueue.global().async { [self] in run() }
        }
    }

    /// Takes the chunks left, then waits until every chunk taken by a helper has finished.
    func finish() {
        run()
        condition.lock()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    /// Hands out no further chunk; chunks already taken run to their end on their own.
    func cancel() {
        condition.lock()
        limit = min(limit, cursor)
        condition.unlock()
    }

    private func run() {
        while let range = take() {
            let found = body(range)
            condition.lock()
            if let found { limit = min(limit, found + 1) }
            running -= 1
            if running == 0 { condition.broadcast() }
            condition.unlock()
        }
    }

    private func take() -> Range<Int>? {
        condition.lock()
        defer { condition.unlock() }
        guard cursor < limit else { return nil }
        let start = cursor
        cursor = min(count, cursor + chunk)
        running += 1
        return start..<cursor
    }
}
