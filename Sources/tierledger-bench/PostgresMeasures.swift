import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto
import PostgresStore

/// The PostgreSQL store at one size, against the same run's file store and the machine's limits:
/// the file-store ledger of `LedgerMeasures` is copied into PostgreSQL, then verified from there
/// (against verify from the file store), appended to in batches (against signing on one core) and
/// one entry at a time (against pgbench's single-row insert on the same server), and proved.
struct PostgresMeasures {
    let size: Int
    /// The file-store ledger `LedgerMeasures` built at this size.
    let directory: String
    /// `postgres://USER@HOST:PORT/DATABASE`, without `?ledger=`.
    let server: String
    let key: PrivateKey
    let baselines: Baselines
    let rounds: Int
    let steadiness: Double
    let batch = 1_000

    func all() throws -> [Figure] {
        let place = try PostgresLocation(url: server + "?ledger=bench-\(size)-\(getpid())")
        let file = try FileLedger.open(directory)
        let copied = try LedgerCopy.copy(from: file, into: PostgresLedger.Factory(place: place))
        guard let store = copied.store as? PostgresLedger else { throw BenchError("the copy is not in PostgreSQL") }
        var figures = [try verify(store)]
        figures.append(try batchedAppend(store))
        figures += try singleAppends(store, place: place)
        figures += try proofs(store)
        return figures
    }

    func verifyRound(_ store: any LedgerStore) throws -> Round {
        try Round.timed {
            let report = try Verifier(authority: GovernanceState(), workers: baselines.cores).verify(store).report
            guard report.isIntact else { throw BenchError("the benchmark ledger did not verify: \(String(describing: report.failure))") }
            return Int(report.verifiedEntries)
        }
    }

    func verify(_ store: PostgresLedger) throws -> Figure {
        let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: steadiness).run(
            baseline: { try verifyRound(FileLedger.open(directory)) },
            measured: { try verifyRound(PostgresLedger.open(store.place)) })
        return .rates("PostgreSQL: full verify", size: size, sample, unit: "entries/s",
                      baseline: "full verify from the file store", baselineUnit: "entries/s", target: .atLeast(0.8))
    }

    func batchedAppend(_ store: PostgresLedger) throws -> Figure {
        var written = Int(try store.count())
        let sample = try InterleavedRatio(rounds: rounds, steadiness: steadiness).run(
            baseline: { try baselines.signRound(batch) },
            measured: {
                let drafts = Drafts.usage(from: written, count: batch)
                defer { written += batch }
                return try Round.timed(units: batch) {
                    try store.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key) }
                }
            })
        return .rates("PostgreSQL: batched append (batches of 1,000)", size: size, sample, unit: "entries/s",
                      baseline: "Ed25519 sign, 1 core", baselineUnit: "signs/s", target: .atLeast(0.3))
    }

    /// Single appends, 20 a round, against 20 single-row inserts by pgbench on the same server.
    func singleAppends(_ store: PostgresLedger, place: PostgresLocation) throws -> [Figure] {
        var latencies: [Double] = []
        let pgbench = try PgbenchInsert(place: place)
        let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: nil).run(
            baseline: { try pgbench.round(20) },
            measured: {
                let (round, times) = try SingleAppends.round(20, on: store, key: key)
                latencies += times
                return round
            })
        return [
            .times("PostgreSQL: single append (mean of 20 a round)", size: size, sample, baseline: "pgbench single-row insert",
                   target: .note("report")),
            .single("PostgreSQL: single append p50", size: size, Percentile.nearestRank(latencies, 0.5) * 1000, unit: "ms", target: .note("report")),
            .single("PostgreSQL: single append p99", size: size, Percentile.nearestRank(latencies, 0.99) * 1000, unit: "ms", target: .note("report")),
            .single("pgbench single-row insert (same run)", size: size, pgbench.lastLatency * 1000, unit: "ms", target: .note("report")),
        ]
    }

    /// Inclusion proofs from a freshly opened store (opened once, as the file store's are), through its
    /// node table.
    func proofs(_ store: PostgresLedger) throws -> [Figure] {
        let opened = try PostgresLedger.open(store.place)
        let total = Int(try opened.count())
        var times: [Double] = []
        for i in 0..<100 {
            let seq = Int64((i * 7919) % total)
            times.append(try Round.timed(units: 1) { _ = try opened.inclusionProof(seq: seq) }.seconds)
        }
        return [
            .single("PostgreSQL: inclusion proof p50", size: size, Percentile.nearestRank(times, 0.5) * 1000, unit: "ms", target: .atMost(2)),
            .single("PostgreSQL: inclusion proof p99", size: size, Percentile.nearestRank(times, 0.99) * 1000, unit: "ms", target: .atMost(2)),
        ]
    }

}

/// pgbench inserting one row per transaction into a scratch table, as the baseline of a single append.
final class PgbenchInsert {
    let place: PostgresLocation
    let script: String
    private(set) var lastLatency = 0.0

    init(place: PostgresLocation) throws {
        self.place = place
        script = NSTemporaryDirectory() + "tierledger-pgbench-\(getpid()).sql"
        try "INSERT INTO tierledger_bench_rows (line) VALUES (repeat('x', 400)::bytea);\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        _ = try run("psql", ["-X", "-q", "-c", "CREATE TABLE IF NOT EXISTS tierledger_bench_rows (id bigserial PRIMARY KEY, line bytea NOT NULL)"])
    }

    deinit { try? FileManager.default.removeItem(atPath: script) }

    /// `count` transactions; the round's time is pgbench's own latency average times `count`.
    func round(_ count: Int) throws -> Round {
        let output = try run("pgbench", ["-n", "-c", "1", "-t", String(count), "-f", script])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("latency average") }),
              let value = line.split(separator: " ").dropFirst(3).first.flatMap({ Double($0) })
        else { throw BenchError("pgbench printed no latency average: \(output)") }
        lastLatency = value / 1000
        return Round(units: Double(count), seconds: Double(count) * value / 1000)
    }

    private func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let connection = place.socketDirectory.map { ["-h", $0] } ?? ["-h", place.host]
        process.arguments = [program] + connection + ["-p", String(place.port), "-U", place.user] + arguments + [place.database]
        var environment = ProcessInfo.processInfo.environment
        if let password = place.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw BenchError("\(program) failed: \(text)") }
        return text
    }
}
