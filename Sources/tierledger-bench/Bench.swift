import Dispatch
import Foundation
import Governance
import Ledger
import LedgerCrypto
import Reports

/// `make bench`: builds ledgers in a temporary directory and measures the store against this
/// machine's own limits, each figure as a ratio to a baseline measured in the same run.
/// BENCH_QUICK=1 runs the 10k size only; otherwise 10k, 100k and 1M. Results go to bench/results.json and bench/results.md.
@main
struct Bench {
    struct Row {
        let measure: String
        let size: Int
        let value: Double
        let unit: String
        let baseline: Double?
        let baselineName: String
        let target: String
        var ratio: Double? { baseline.map { value / $0 } }
    }

    static func main() throws {
        let quick = ProcessInfo.processInfo.environment["BENCH_QUICK"] == "1"
        let sizes = quick ? [10_000] : [10_000, 100_000, 1_000_000]
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let key = try PrivateKey.generate(.ed25519)
        let work = NSTemporaryDirectory() + "tierledger-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var rows: [Row] = []

        // Baselines: raw Ed25519 sign (one core) and verify (all cores) on messages of entry size.
        let message = [UInt8](repeating: 0x61, count: 320)
        let signRate = rate(seconds: 1.0) { _ = try? key.signature(for: message) }
        let signature = try key.signature(for: message)
        let verifyRate = parallelRate(cores: cores, seconds: 1.0) { _ = key.publicKey.isValidSignature(signature, for: message) }
        let fsyncLatency = try fsyncBaseline(work)
        print(String(format: "baselines: Ed25519 sign %.0f/s (1 core), verify %.0f/s (%d cores), fsync 4 KiB %.2f ms", signRate, verifyRate, cores, fsyncLatency * 1000))

        for size in sizes {
            let dir = work + "/ledger-\(size)"
            let ledger = try FileLedger.create(at: dir, origin: "bench.example/ledger", admin: key, logKey: key.publicKey).ledger
            // Batched durable append, batches of 1,000 realistic (~300-byte) bodies.
            let start = Date()
            var written = 1
            while written < size {
                let count = min(1_000, size - written)
                let drafts = (0..<count).map { i in
                    EntryDraft(type: "usage.snapshot", body: ["license": .string("LIC-\((written + i) % 5000)"), "metric": "api-calls",
                                                              "period": "2026-11", "value": .integer(Int64((written + i) * 37 % 1_000_000)),
                                                              "note": .string(String(repeating: "x", count: 150))])
                }
                try ledger.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key) }
                written += count
            }
            let appendRate = Double(size - 1) / Date().timeIntervalSince(start)
            rows.append(Row(measure: "batched durable append (batches of 1,000)", size: size, value: appendRate, unit: "entries/s",
                            baseline: signRate, baselineName: "Ed25519 sign, 1 core", target: "≥ 0.5"))

            // Full verify, all checks, all cores.
            let verifyStart = Date()
            let report = try Verifier(authority: GovernanceState(), workers: cores).verify(FileLedger.open(dir)).report
            guard report.isIntact else { throw BenchError("the benchmark ledger did not verify: \(String(describing: report.failure))") }
            let verifyEntries = Double(report.verifiedEntries) / Date().timeIntervalSince(verifyStart)
            rows.append(Row(measure: "full verify (all checks, \(cores) cores)", size: size, value: verifyEntries, unit: "entries/s",
                            baseline: verifyRate, baselineName: "Ed25519 verify, \(cores) cores", target: "≥ 0.85"))

            // Single durable append latency.
            var latencies: [Double] = []
            for i in 0..<50 {
                let t = Date()
                try ledger.withWriter(.noWait) { writer in
                    _ = try writer.append([EntryDraft(type: "note.text", body: ["i": .integer(Int64(i))])], signedBy: key)
                }
                latencies.append(Date().timeIntervalSince(t))
            }
            rows.append(Row(measure: "single durable append p50", size: size, value: percentile(latencies, 0.5) * 1000, unit: "ms",
                            baseline: fsyncLatency * 1000, baselineName: "one fsync of 4 KiB", target: "report"))
            rows.append(Row(measure: "single durable append p99", size: size, value: percentile(latencies, 0.99) * 1000, unit: "ms",
                            baseline: fsyncLatency * 1000, baselineName: "one fsync of 4 KiB", target: "report"))

            // Proofs and a checkpoint, in process.
            let reopened = try FileLedger.open(dir)
            let total = Int(try reopened.count())
            var proofTimes: [Double] = []
            var nodeReads = 0, entryReads = 0
            for i in 0..<100 {
                let seq = Int64((i * 7919) % total)
                let t = Date()
                let (_, reads) = try reopened.inclusionProofCountingReads(seq: seq)
                proofTimes.append(Date().timeIntervalSince(t))
                nodeReads += reads.cachedNodes
                entryReads += reads.entries
            }
            let log2n = Double(Int.bitWidth - total.leadingZeroBitCount)
            rows.append(Row(measure: "inclusion proof: cached nodes read (mean)", size: size, value: Double(nodeReads) / 100, unit: "reads",
                            baseline: log2n, baselineName: "log2 n", target: "O(log n)"))
            rows.append(Row(measure: "inclusion proof: entry lines read (mean)", size: size, value: Double(entryReads) / 100, unit: "reads",
                            baseline: nil, baselineName: "—", target: "bounded"))
            var consistencyTimes: [Double] = []
            for i in 1...100 {
                let old = max(1, (i * 7919) % total)
                let t = Date()
                _ = try reopened.consistencyProof(from: old)
                consistencyTimes.append(Date().timeIntervalSince(t))
            }
            rows.append(Row(measure: "consistency proof p50", size: size, value: percentile(consistencyTimes, 0.5) * 1000, unit: "ms",
                            baseline: nil, baselineName: "—", target: "< 1 ms"))
            rows.append(Row(measure: "consistency proof p99", size: size, value: percentile(consistencyTimes, 0.99) * 1000, unit: "ms",
                            baseline: nil, baselineName: "—", target: "< 1 ms"))
            rows.append(Row(measure: "inclusion proof p50", size: size, value: percentile(proofTimes, 0.5) * 1000, unit: "ms",
                            baseline: nil, baselineName: "—", target: "< 1 ms"))
            rows.append(Row(measure: "inclusion proof p99", size: size, value: percentile(proofTimes, 0.99) * 1000, unit: "ms",
                            baseline: nil, baselineName: "—", target: "< 1 ms"))
            // A first checkpoint verifies every entry before it signs; a later one leans on it.
            let t = Date()
            _ = try reopened.makeCheckpoint(logKey: key, authority: GovernanceState())
            rows.append(Row(measure: "first checkpoint (full verify, then sign)", size: size, value: Date().timeIntervalSince(t) * 1000, unit: "ms",
                            baseline: nil, baselineName: "—", target: "report"))
            // The usual case: a checkpoint after 1,000 more entries, from a freshly opened ledger.
            try reopened.withWriter(.noWait) { writer in
                _ = try writer.append((0..<1_000).map { EntryDraft(type: "note.text", body: ["i": .integer(Int64($0))]) }, signedBy: key)
            }
            let opened = Date()
            let made = try FileLedger.open(dir).makeCheckpoint(logKey: key, authority: GovernanceState())
            guard made.report.signaturesCheckedFrom > 0 else { throw BenchError("the second checkpoint did not lean on the first") }
            rows.append(Row(measure: "checkpoint after 1,000 more entries (open included)", size: size, value: Date().timeIntervalSince(opened) * 1000,
                            unit: "ms", baseline: nil, baselineName: "—", target: "report: a replay and 1,000 signatures"))
            // 1,000 entries more, for the reports below to check in full after the checkpoint.
            try reopened.withWriter(.noWait) { writer in
                _ = try writer.append((0..<1_000).map { EntryDraft(type: "note.text", body: ["j": .integer(Int64($0))]) }, signedBy: key)
            }

            // Peak resident memory of `tierledger verify` on this ledger, in its own process.
            if let peak = try peakRSS(["verify", "--ledger", dir, "--quiet"]) {
                rows.append(Row(measure: "peak RSS of tierledger verify", size: size, value: Double(peak) / 1024, unit: "MiB",
                                baseline: nil, baselineName: "—", target: "< 64 MiB, flat"))
            }
            // The peer verifier (bench/peer/verify.py, Python on `cryptography`) on the same ledger, and on a damaged copy.
            if size <= 100_000, let peer = try peerRun(dir) {   // at 1M the Python peer alone takes minutes
                rows.append(Row(measure: "full verify, speed-up over the Python peer", size: size, value: verifyEntries, unit: "entries/s",
                                baseline: Double(report.verifiedEntries) / peer.seconds, baselineName: "bench/peer/verify.py, 1 core",
                                target: "≥ 2"))
                let damaged = work + "/damaged-\(size)"
                try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
                var bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/entries.jsonl"))
                let middle = bytes.count / 2
                guard let quote = bytes[middle...].firstIndex(of: UInt8(ascii: "x")) else { throw BenchError("no byte to damage") }
                bytes[quote] = UInt8(ascii: "y")
                try bytes.write(to: URL(fileURLWithPath: damaged + "/entries.jsonl"))
                try FileManager.default.copyItem(atPath: dir + "/ledger.json", toPath: damaged + "/ledger.json")
                let ours = try Verifier(authority: GovernanceState(), workers: cores).verify(FileLedger.open(damaged)).report.failure?.seq
                let theirs = try peerRun(damaged)?.failedSeq
                print("damaged copy: verify names entry \(ours.map(String.init) ?? "none"), the peer entry \(theirs.map(String.init) ?? "none")"
                      + (ours == theirs ? " (agree)" : " (DISAGREE)"))
                guard ours != nil, ours == theirs else { throw BenchError("verify and the peer disagree on the damaged copy") }
            }

            // Replay of the governance state (decode and rules, no signatures), as every command does.
            let replayStart = Date()
            let replayed = try GovernanceReplay.state(of: reopened)
            let replaySeconds = Date().timeIntervalSince(replayStart)
            let entries = try FileLedger.open(dir).count()
            guard replayed.lastSeq == entries - 1 else { throw BenchError("replay stopped at \(replayed.lastSeq) of \(entries)") }
            rows.append(Row(measure: "replay to the latest state", size: size, value: replaySeconds * 1000, unit: "ms",
                            baseline: nil, baselineName: "—", target: "< 5 s at 1 M"))
            // Reports: figures and attestation in one pass, checking every signature or leaning on the checkpoint.
            for basis in Attestation.Basis.allCases {
                let reportStart = Date()
                let audit = try Report.make(.audit, ledger: FileLedger.open(dir), scope: ReportScope(), attest: basis)
                let attestation = audit.document.attestation
                guard attestation.intact else { throw BenchError("the report's attestation says the ledger is damaged") }
                guard (attestation.signaturesCheckedFrom > 0) == (basis == .checkpoint) else {
                    throw BenchError("the \(basis.rawValue) attestation checked signatures from entry \(attestation.signaturesCheckedFrom)")
                }
                let measure = basis == .full ? "audit report, every signature checked" : "audit report, attested from the last checkpoint"
                rows.append(Row(measure: measure, size: size, value: Date().timeIntervalSince(reportStart) * 1000, unit: "ms",
                                baseline: nil, baselineName: "—", target: basis == .full ? "report" : "< 10 s at 1 M"))
            }
            print("size \(size): done")
        }
        try write(rows, cores: cores)
    }

    // MARK: Peak memory

    /// Peak RSS in KiB of `tierledger ARGS`, run beside this benchmark, from /usr/bin/time.
    static func peakRSS(_ arguments: [String]) throws -> Int? {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tierledger").path
        guard FileManager.default.isExecutableFile(atPath: bin), FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
            print("note: no peak RSS figure (needs \(bin), built by make bench, and /usr/bin/time)")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "peak %M", bin] + arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("tierledger \(arguments.joined(separator: " ")) failed: \(text)") }
        return text.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.dropFirst(5)) }
    }

    // MARK: The peer verifier

    /// Runs bench/peer/verify.py on `dir`; nil (with a note) when python3 or `cryptography` is missing.
    static func peerRun(_ dir: String) throws -> (seconds: Double, failedSeq: Int64?)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "bench/peer/verify.py", dir, "--json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            print("note: bench/peer/verify.py did not run (python3 with the cryptography package is needed); no peer figure")
            return nil
        }
        let json = try JSONParser.parse(Array(data))
        return (seconds, json["failure"]?["seq"]?.integerValue)
    }

    // MARK: Measuring

    static func rate(seconds: Double, _ body: () -> Void) -> Double {
        let start = Date()
        var count = 0
        while Date().timeIntervalSince(start) < seconds {
            for _ in 0..<100 { body() }
            count += 100
        }
        return Double(count) / Date().timeIntervalSince(start)
    }

    static func parallelRate(cores: Int, seconds: Double, _ body: @escaping @Sendable () -> Void) -> Double {
        let counter = Counter()
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: cores) { _ in
            var count = 0
            while Date().timeIntervalSince(start) < seconds {
                for _ in 0..<100 { body() }
                count += 100
            }
            counter.add(count)
        }
        return Double(counter.value) / Date().timeIntervalSince(start)
    }

    static func fsyncBaseline(_ dir: String) throws -> Double {
        let path = dir + "/fsync-probe"
        guard let handle = FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil else {
            throw BenchError("cannot create \(path)")
        }
        defer { try? handle.close() }
        var times: [Double] = []
        let block = Data(repeating: 0x62, count: 4096)
        for _ in 0..<50 {
            let t = Date()
            handle.write(block)
            try handle.synchronize()
            times.append(Date().timeIntervalSince(t))
        }
        return percentile(times, 0.5)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    // MARK: Output

    static func write(_ rows: [Row], cores: Int) throws {
        var md = "| measure | size | value | baseline (same run) | ratio | target |\n|---|---|---|---|---|---|\n"
        var json: [JSONValue] = []
        for row in rows {
            let ratio = row.ratio.map { String(format: "%.2f", $0) } ?? "—"
            let fraction = row.unit == "ms" ? "%.3f" : row.unit == "entries/s" ? "%.0f" : "%.1f"
            let baselineFormat = row.unit == "ms" ? "%.3f ms" : row.unit == "entries/s" ? "%.0f/s" : "%.1f"
            let baseline = row.baseline.map { String(format: baselineFormat, $0) + " (\(row.baselineName))" } ?? "—"
            md += "| \(row.measure) | \(row.size) | \(String(format: fraction, row.value)) \(row.unit) | \(baseline) | \(ratio) | \(row.target) |\n"
            json.append(.object(["measure": .string(row.measure), "size": .integer(Int64(row.size)), "unit": .string(row.unit),
                                 "value_milli": .integer(Int64(row.value * 1000)), "baseline_milli": row.baseline.map { .integer(Int64($0 * 1000)) } ?? .null,
                                 "baseline": .string(row.baselineName), "target": .string(row.target)]))
        }
        print(md)
        try FileManager.default.createDirectory(atPath: "bench", withIntermediateDirectories: true)
        try Data(CanonicalJSON.encode(.object(["cores": .integer(Int64(cores)), "rows": .array(json)]))).write(to: URL(fileURLWithPath: "bench/results.json"))
        try md.write(toFile: "bench/results.md", atomically: true, encoding: .utf8)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.lock(); total += n; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return total }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
