import Dispatch
import Foundation

/// A parallel loop over `0..<count` that the starting thread joins later, when it has nothing else
/// to do.
///
/// Helper threads (`lanes - 1` of them) take the indices in small chunks from a shared cursor as
/// soon as the work is created; the thread that created it goes on with its own work (reading the
/// next batch, or handing out the previous one), then calls `finish()` to take the chunks left and
/// wait for the helpers. With `lanes` threads in all, no core runs two of them, and whichever
/// thread is free takes the next chunk, so none idles while another has a backlog.
final class ChunkedWork: @unchecked Sendable {
    private let count: Int
    private let chunk: Int
    private let body: @Sendable (Range<Int>) -> Int?
    private let lock = NSLock()
    private var cursor = 0
    private var limit: Int
    private let helpers = DispatchGroup()

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
            helpers.enter()
            DispatchQueue.global().async { [self] in
                run()
                helpers.leave()
            }
        }
    }

    /// Takes the chunks left, then waits until the helpers have finished theirs.
    func finish() {
        run()
        helpers.wait()
    }

    private func run() {
        while let range = take() {
            if let found = body(range) {
                lock.lock()
                limit = min(limit, found + 1)
                lock.unlock()
            }
        }
    }

    private func take() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard cursor < limit else { return nil }
        let start = cursor
        cursor = min(count, cursor + chunk)
        return start..<cursor
    }
}
