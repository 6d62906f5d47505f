import BenchSupport
import Foundation
import Ledger
import LedgerCrypto
import Server

/// Appends through `tierledger serve` (`POST /entries`, entries signed here as `tierledger append
/// --server` signs them) against the same run's local batched append, per entry. A measured round is
/// 8 clients at once, each appending one batch of 125 usage snapshots (1,000 entries in all): each
/// reads the head, signs on it and posts, and signs again on the new head when another client's batch
/// got there first (409). A baseline round is one local batch of 1,000 entries (lock, write, fsync)
/// to a copy of the same ledger. Single appends through the server (head, sign, post) give a p50 and p99.
struct ServerAppends {
    let size: Int
    let server: String
    /// A copy of the served ledger, for the local baseline.
    let copy: String
    let key: PrivateKey
    let rounds: Int
    let steadiness: Double
    static let clients = 8
    static let batch = 125

    /// The figures, and every entry the server acknowledged: its seq and the line that was posted.
    func measure() throws -> (figures: [Figure], acknowledged: [(seq: Int64, line: [UInt8])]) {
        var acknowledged: [(seq: Int64, line: [UInt8])] = []
        let client = try LedgerClient(server)
        let local = try FileLedger.open(copy)
        var next = size * 10
        let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: steadiness).run(
            baseline: {
                let drafts = Drafts.usage(from: next, count: Self.clients * Self.batch)
                next += drafts.count
                return try Round.timed(units: drafts.count) {
                    try local.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key) }
                }
            },
            measured: {
                let first = next
                next += Self.clients * Self.batch
                let key = self.key
                var receipts: [(seq: Int64, line: [UInt8])] = []
                let round = try Round.timed(units: Self.clients * Self.batch) {
                    receipts = try Blocking.run {
                        try await withThrowingTaskGroup(of: [(seq: Int64, line: [UInt8])].self) { group in
                            for c in 0..<Self.clients {
                                let drafts = Drafts.usage(from: first + c * Self.batch, count: Self.batch)
                                group.addTask {
                                    try await client.append(drafts, signedBy: key, at: { EntryTime.now() }, attempts: 64).map { ($0.seq, $0.line) }
                                }
                            }
                            var all: [(seq: Int64, line: [UInt8])] = []
                            for try await some in group { all += some }
                            return all
                        }
                    }
                }
                acknowledged += receipts
                return round
            })
        var latencies: [Double] = []
        for i in 0..<(rounds * 20) {
            let draft = [EntryDraft(type: "note.text", body: ["i": .integer(Int64(i))])]
            let key = self.key
            var receipt: [(seq: Int64, line: [UInt8])] = []
            latencies.append(try Round.timed(units: 1) {
                receipt = try Blocking.run { try await client.append(draft, signedBy: key, at: { EntryTime.now() }).map { ($0.seq, $0.line) } }
            }.seconds)
            acknowledged += receipt
        }
        return ([
            .rates("server: appends from \(Self.clients) clients, batches of \(Self.batch)", size: size, sample, unit: "entries/s",
                   baseline: "local batched append (batches of 1,000)", baselineUnit: "entries/s", target: .atLeast(0.5)),
            .single("server: single append p50 (head, sign, post)", size: size, Percentile.nearestRank(latencies, 0.5) * 1000, unit: "ms",
                    target: .note("report")),
            .single("server: single append p99 (head, sign, post)", size: size, Percentile.nearestRank(latencies, 0.99) * 1000, unit: "ms",
                    target: .note("report")),
        ], acknowledged)
    }
}

/// Runs async work from the benchmark's synchronous code and waits for it.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw BenchError("an async task ended without a result") }
        return try result.get()
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<T, any Error>?
    var result: Result<T, any Error>? { lock.withLock { stored } }
    func set(_ value: Result<T, any Error>) { lock.withLock { stored = value } }
}
