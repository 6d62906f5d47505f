import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto

/// The measures of one ledger size, in the order they build on each other: the ledger is appended
/// (the last batches timed against signing), verified, appended to one entry at a time, proved,
/// checkpointed, verified by the peer, replayed and reported; last, a license certificate is built
/// on it and checked.
struct LedgerMeasures {
    let size: Int
    let directory: String
    let work: String
    let key: PrivateKey
    let baselines: Baselines
    /// Rounds per ratio at this size.
    let rounds: Int
    /// How far apart the baselines around a round may be for it to count (`InterleavedRatio.steadiness`).
    let steadiness: Double
    /// Entries per batch in the batched append.
    let batch = 1_000

    func all() throws -> [Figure] {
        var figures = [try batchedAppend()]
        let verify = try fullVerify()
        figures.append(verify)
        figures += try singleAppends()
        figures += try proofs()
        figures += try checkpoints()
        figures += try Peer.measures(size: size, directory: directory, work: work, cores: baselines.cores, rounds: 3, steadiness: steadiness)
        figures += try replayAndReports()
        figures += try licenseCheck()
        figures += try governedWrites()
        return figures
    }

    /// `change propose`, `approve` and `apply` in new processes, with a fresh snapshot and without.
    func governedWrites() throws -> [Figure] {
        try GovernedWrites(size: size, directory: directory, work: work, key: key, rounds: rounds).measure()
    }

    /// The ledger filled to its size without timing (for a run of some measures only).
    func fill() throws {
        let ledger = try FileLedger.create(at: directory, origin: "bench.example/ledger", admin: key, logKey: key.publicKey).ledger
        var written = 1
        while written < size {
            let drafts = Drafts.usage(from: written, count: min(batch, size - written))
            try ledger.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key) }
            written += drafts.count
        }
    }

    /// Batched durable append: the ledger is filled but for room for the timed batches of 1,000,
    /// each between two rounds of 1,000 signatures on one core, then filled to its size.
    func batchedAppend() throws -> Figure {
        let ledger = try FileLedger.create(at: directory, origin: "bench.example/ledger", admin: key, logKey: key.publicKey).ledger
        let most = min(3 * rounds, (size - 1) / batch)
        var written = 1
        func fill(to end: Int) throws {
            while written < end {
                let drafts = Drafts.usage(from: written, count: min(batch, end - written))
                try ledger.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key) }
                written += drafts.count
            }
        }
        try fill(to: size - most * batch)
        let sample = try InterleavedRatio(rounds: min(rounds, most), steadiness: steadiness, maxRounds: most).run(
            baseline: { try baselines.signRound(batch) },
            measured: {
                let drafts = Drafts.usage(from: written, count: batch)
                defer { written += batch }
                return try Round.timed(units: batch) {
                    try ledger.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key) }
                }
            })
        try fill(to: size)
        return .rates("batched durable append (batches of 1,000)", size: size, sample, unit: "entries/s",
                      baseline: "Ed25519 sign, 1 core", baselineUnit: "signs/s", target: .atLeast(0.5))
    }

    /// Full verify, all checks, all cores, each round between two rounds of as many verifications
    /// on all cores (at most 20,000, so that a baseline round stays short at 1M).
    func fullVerify() throws -> Figure {
        let cores = baselines.cores
        // One pair first, left out: the first verify reads the ledger into the page cache.
        let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: steadiness).run(
            baseline: { baselines.verifyRound(min(size, 20_000)) },
            measured: { try verifyRound() })
        return .rates("full verify (all checks, \(cores) cores)", size: size, sample, unit: "entries/s",
                      baseline: "Ed25519 verify, \(cores) cores", baselineUnit: "verifies/s", target: .atLeast(0.85))
    }

    /// One full verify of the ledger as `tierledger verify` makes it.
    func verifyRound() throws -> Round {
        try Round.timed {
            let report = try Verifier(authority: GovernanceState(), workers: baselines.cores).verify(FileLedger.open(directory)).report
            guard report.isIntact else { throw BenchError("the benchmark ledger did not verify: \(String(describing: report.failure))") }
            return Int(report.verifiedEntries)
        }
    }

    /// Single durable appends, 20 a round, against 20 writes of 4 KiB with fsync; p50 and p99 of all.
    func singleAppends() throws -> [Figure] {
        let ledger = try FileLedger.open(directory)
        var latencies: [Double] = []
        // Every round counts: an fsync's time jumps with the disk's other writers, not with the CPU load.
        let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: nil).run(
            baseline: { try baselines.fsyncRound(20) },
            measured: {
                let (round, times) = try SingleAppends.round(20, on: ledger, key: key)
                latencies += times
                return round
            })
        return [
            .times("single durable append (mean of 20 a round)", size: size, sample, baseline: "one fsync of 4 KiB", target: .note("report")),
            .single("single durable append p50", size: size, Percentile.nearestRank(latencies, 0.5) * 1000, unit: "ms", target: .note("report")),
            .single("single durable append p99", size: size, Percentile.nearestRank(latencies, 0.99) * 1000, unit: "ms", target: .note("report")),
        ]
    }

    /// Inclusion and consistency proofs from a freshly opened ledger, in process: reads and times.
    func proofs() throws -> [Figure] {
        let ledger = try FileLedger.open(directory)
        let total = Int(try ledger.count())
        var proofTimes: [Double] = []
        var nodeReads = 0, entryReads = 0
        for i in 0..<100 {
            let seq = Int64((i * 7919) % total)
            var reads: ProofReads?
            proofTimes.append(try Round.timed(units: 1) { reads = try ledger.inclusionProofCountingReads(seq: seq).reads }.seconds)
            nodeReads += reads?.cachedNodes ?? 0
            entryReads += reads?.entries ?? 0
        }
        var consistencyTimes: [Double] = []
        for i in 1...100 {
            let old = max(1, (i * 7919) % total)
            consistencyTimes.append(try Round.timed(units: 1) { _ = try ledger.consistencyProof(from: old) }.seconds)
        }
        let log2n = Double(Int.bitWidth - total.leadingZeroBitCount)
        let nodes = Double(nodeReads) / 100
        return [
            Figure(measure: "inclusion proof: cached nodes read (mean)", size: size, unit: "reads", value: Spread(exact: nodes),
                   baseline: Baseline(name: "log2 n", unit: "reads", value: Spread(exact: log2n)),
                   ratio: Spread(exact: nodes / log2n), target: "O(log n)"),
            .single("inclusion proof: entry lines read (mean)", size: size, Double(entryReads) / 100, unit: "reads", target: .note("bounded")),
            .single("inclusion proof p50", size: size, Percentile.nearestRank(proofTimes, 0.5) * 1000, unit: "ms", target: .atMost(1)),
            .single("inclusion proof p99", size: size, Percentile.nearestRank(proofTimes, 0.99) * 1000, unit: "ms", target: .atMost(1)),
            .single("consistency proof p50", size: size, Percentile.nearestRank(consistencyTimes, 0.5) * 1000, unit: "ms", target: .atMost(1)),
            .single("consistency proof p99", size: size, Percentile.nearestRank(consistencyTimes, 0.99) * 1000, unit: "ms", target: .atMost(1)),
        ]
    }

}
