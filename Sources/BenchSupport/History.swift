import Foundation

/// `bench/results.json`: every run of `make bench` and `make bench-count`, oldest first, kept in git
/// so that a figure can be compared across commits.
///
/// Seconds compare only within a run (hence ratios to a baseline of the same run); instruction
/// counts compare across runs of the same machine type and OpenSSL (see docs/performance.md).
public struct BenchHistory: Codable, Sendable, Equatable {
    public var runs: [BenchRun]

    public init(runs: [BenchRun] = []) {
        self.runs = runs
    }

    /// Reads a history; an empty history for no bytes. Throws on anything else that is not one.
    public static func decode(_ data: Data) throws -> BenchHistory {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A }) { return BenchHistory() }
        return try JSONDecoder().decode(BenchHistory.self, from: data)
    }

    /// Pretty-printed with sorted keys, one member a line, ending with a newline: a run's diff reads.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data([0x0A])
    }
}

/// One run: where and on what it ran, and its figures.
public struct BenchRun: Codable, Sendable, Equatable {
    /// How the figures were taken.
    public enum Method: String, Codable, Sendable {
        /// Wall-clock seconds, as ratios to baselines interleaved in the same run (`make bench`).
        case seconds
        /// Instructions counted by callgrind, single-threaded (`make bench-count`).
        case instructions
    }

    public var method: Method
    /// `git describe --always` of the tree that was built, "-dirty" when it had changes (scripts/bench-commit.sh).
    public var commit: String
    /// UTC, RFC 3339.
    public var date: String
    public var machine: Machine
    /// How the run was made: `quick`, `entries`, the binary's SHA-256 for counts.
    public var settings: [String: String]
    public var figures: [Figure]

    public init(method: Method, commit: String, date: String, machine: Machine, settings: [String: String], figures: [Figure]) {
        self.method = method
        self.commit = commit
        self.date = date
        self.machine = machine
        self.settings = settings
        self.figures = figures
    }
}

/// The machine a run ran on.
public struct Machine: Codable, Sendable, Equatable {
    public var cores: Int
    /// The CPU's model name (`/proc/cpuinfo`), or "unknown".
    public var cpu: String

    public init(cores: Int, cpu: String) {
        self.cores = cores
        self.cpu = cpu
    }
}

/// One figure: a measure at a size, its value and, for a ratio, its baseline and the ratio.
public struct Figure: Codable, Sendable, Equatable {
    public var measure: String
    /// Entries in the ledger measured.
    public var size: Int
    /// Unit of `value`: "entries/s", "ms", "instructions/entry".
    public var unit: String
    public var value: Spread
    /// What the value is divided by; nil for a figure that is not a ratio.
    public var baseline: Baseline?
    /// Value over baseline (rates), or value time over baseline time for latencies.
    public var ratio: Spread?
    /// The ratio of each round kept, in the order they ran (interleaved figures only).
    public var rounds: [Double]?
    /// Rounds run but left out because the load changed around them (`InterleavedRatio.steadiness`).
    public var roundsLeftOut: Int?
    /// The same ratio per CPU second of this process rather than per wall-clock second, for work
    /// done in this process: steadier on a busy machine, blind to waiting (threads, the disk).
    public var cpuRatio: Spread?
    /// As the table shows it: "≥ 0.85", "< 1 ms", "report".
    public var target: String
    public var verdict: Verdict
    /// For counts: the instructions counted in all, over `units` units of work.
    public var instructions: Int?
    public var units: Int?

    public init(measure: String, size: Int, unit: String, value: Spread, baseline: Baseline? = nil, ratio: Spread? = nil,
                rounds: [Double]? = nil, roundsLeftOut: Int? = nil, cpuRatio: Spread? = nil, target: String, verdict: Verdict = .reported,
                instructions: Int? = nil, units: Int? = nil) {
        self.measure = measure
        self.size = size
        self.unit = unit
        self.value = value.rounded()
        self.baseline = baseline
        self.ratio = ratio?.rounded()
        self.rounds = rounds?.map { Spread(exact: $0).rounded().median }
        self.roundsLeftOut = roundsLeftOut
        self.cpuRatio = cpuRatio?.rounded()
        self.target = target
        self.verdict = verdict
        self.instructions = instructions
        self.units = units
    }
}

/// A figure's baseline: what it is and its value in the same run.
public struct Baseline: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var value: Spread

    public init(name: String, unit: String, value: Spread) {
        self.name = name
        self.unit = unit
        self.value = value.rounded()
    }
}

extension Spread {
    /// To 4 significant digits (at least a whole number), so that the history stays readable.
    public func rounded() -> Spread {
        map { value in
            guard value != 0, value.isFinite else { return value }
            let digits = 4 - Int((Swift.abs(value)).log10Floor) - 1
            guard digits > 0 else { return value.rounded() }
            let scale = pow(10, Double(digits))
            return (value * scale).rounded() / scale
        }
    }
}

extension Double {
    fileprivate var log10Floor: Double { Foundation.log10(self).rounded(.down) }
}
