import ArgumentParser
import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto

/// `make bench`: builds ledgers in a temporary directory and times the store against this
/// machine's own limits. Every ratio is measured in rounds that alternate with its baseline
/// (`InterleavedRatio`) and reported as the median of the rounds with their range; a range that
/// crosses its target is "undecided". `--quick` (BENCH_QUICK=1) runs the 10k size only; otherwise
/// 10k, 100k and 1M. The table goes to standard output and bench/results.md, the run to bench/results.json.
struct Seconds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times each measure in rounds interleaved with its baseline (make bench)."
    )

    @Flag(help: "The 10,000-entry size only (make bench BENCH_QUICK=1).")
    var quick = false

    @Option(name: .customLong("size"), help: ArgumentHelp("A ledger size to run instead of the default ones (repeatable), e.g. --only postgres --size 100000.",
                                                          valueName: "entries"))
    var chosenSizes: [Int] = []

    @Option(help: ArgumentHelp("Rounds per ratio at 10,000 entries (fewer at larger sizes, where a round is longer).", valueName: "n"))
    var rounds = 7

    @Option(help: ArgumentHelp("A round counts only when the baselines around it are within this share of their mean; "
                               + "others are run again, up to three times the rounds.", valueName: "fraction"))
    var steadiness = 0.1

    @Option(help: ArgumentHelp("Run one group of measures only, on a ledger filled without timing: governed-writes, license-check, "
                               + "postgres (needs --postgres) or server.", valueName: "group"))
    var only: String?

    @Flag(help: "Also measure `tierledger serve` against nginx with wrk, at the first size (scripts/ensure-server-bench-deps.sh installs them).")
    var server = false

    @Option(help: ArgumentHelp("Also measure the PostgreSQL store on this server (postgres://USER@HOST:PORT/DATABASE).",
                               valueName: "url"))
    var postgres: String?

    @OptionGroup var record: RunOptions

    func validate() throws {
        if let only, !Self.groups.contains(only) {
            throw ValidationError("--only takes " + Self.groups.joined(separator: ", "))
        }
        if chosenSizes.contains(where: { $0 < 2_000 }) {
            throw ValidationError("--size takes 2000 entries or more")
        }
        if only == "postgres", postgres == nil {
            throw ValidationError("--only postgres needs --postgres URL")
        }
    }

    func run() throws {
        let sizes = !chosenSizes.isEmpty ? chosenSizes : quick ? [10_000] : [10_000, 100_000, 1_000_000]
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let key = try PrivateKey.generate(.ed25519)
        let work = NSTemporaryDirectory() + "tierledger-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let loadBefore = Results.load()
        let baselines = try Baselines(key: key, cores: cores, work: work)
        // Warm both baselines once before the first round.
        _ = try baselines.signRound(1_000)
        _ = baselines.verifyRound(2_000)

        var figures: [Figure] = []
        for size in sizes {
            let measures = LedgerMeasures(size: size, directory: work + "/ledger-\(size)", work: work, key: key,
                                          baselines: baselines, rounds: rounds(at: size), steadiness: steadiness)
            if only == "governed-writes" {
                try measures.fill()
                figures += try measures.governedWrites()
            } else if only == "license-check" {
                try measures.fill()
                figures += try measures.licenseCheck()
            } else if only == "postgres", let postgres {
                try measures.fill()
                figures += try postgresMeasures(size: size, server: postgres, work: work, key: key, baselines: baselines)
            } else if only == "server" {
                try measures.fill()
                figures += try serverMeasures(size: size, work: work, key: key)
            } else {
                figures += try measures.all()
                if let postgres {
                    figures += try postgresMeasures(size: size, server: postgres, work: work, key: key, baselines: baselines)
                }
                if server, size == sizes.first {
                    figures += try serverMeasures(size: size, work: work, key: key)
                }
            }
            print("size \(size): done")
        }
        let table = Results.table(figures)
        print(table)
        try FileManager.default.createDirectory(atPath: "bench", withIntermediateDirectories: true)
        try table.write(toFile: "bench/results.md", atomically: true, encoding: .utf8)
        guard !record.noHistory else { return }
        let run = BenchRun(method: .seconds, commit: record.commit, date: Results.now(), machine: Results.machine(),
                           settings: ["sizes": sizes.map(String.init).joined(separator: ","), "rounds": String(rounds), "steadiness": String(steadiness),
                                      "load_before": loadBefore, "load_after": Results.load(), "only": only ?? "all"],
                           figures: figures)
        try Results.append(run, to: record.history)
    }

    static let groups = ["governed-writes", "license-check", "postgres", "server"]

    func postgresMeasures(size: Int, server: String, work: String, key: PrivateKey, baselines: Baselines) throws -> [Figure] {
        try PostgresMeasures(size: size, directory: work + "/ledger-\(size)", server: server, key: key,
                             baselines: baselines, rounds: rounds(at: size), steadiness: steadiness).all()
    }

    func serverMeasures(size: Int, work: String, key: PrivateKey) throws -> [Figure] {
        try ServerMeasures(size: size, directory: work + "/ledger-\(size)", work: work, key: key, rounds: rounds(at: size),
                           steadiness: steadiness).all()
    }

    /// A round of full verify lasts about 0.4 s at 10k, 4 s at 100k and 40 s at 1M.
    func rounds(at size: Int) -> Int {
        size <= 10_000 ? rounds : size <= 100_000 ? max(3, rounds - 2) : 3
    }
}
