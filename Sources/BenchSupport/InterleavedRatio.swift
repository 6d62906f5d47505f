/// A ratio of two rates measured in alternating rounds, so that both sides see the same machine.
///
/// On a shared machine a baseline read once, before the measurement it divides, may have run on an
/// idle core and the measurement beside someone's compile. Here the rounds alternate,
/// baseline, measured, baseline, measured, …, baseline: each measured round sits between two
/// baseline rounds and is divided by their mean rate, which also cancels a load that rises or falls
/// steadily across the pair. The result is the median of the per-round ratios with their range.
///
/// A round whose two baselines disagree by more than `steadiness` (the machine's load changed
/// while it ran) is left out and another is run, up to `maxRounds` measured rounds in all. The
/// choice looks at the baselines only, never at the measured round, so it does not favour any ratio.
///
/// ```swift
/// let verify = try InterleavedRatio(rounds: 7).run(
///     baseline: { Round.timed(units: n) { verifySignatures(n) } },
///     measured: { try Round.timed { try verifyLedger().entries } }
/// )
/// print(verify.ratio.median, verify.ratio.min, verify.ratio.max, Target.atLeast(0.85).verdict(verify.ratio))
/// ```
///
/// Rounds should be short (a few tenths of a second): load on a shared machine changes over
/// seconds, and the shorter a pair, the more alike its two halves.
public struct InterleavedRatio: Sendable {
    /// Measured rounds wanted between steady baselines.
    public var rounds: Int
    /// Pairs (baseline, measured) run first and left out, to warm caches and lazy set-up.
    public var warmUpPairs: Int
    /// Largest relative difference between the two baselines around a round for it to count
    /// (0.1: within 10 % of their mean); nil keeps every round.
    public var steadiness: Double?
    /// Most measured rounds run, kept or not.
    public var maxRounds: Int

    public init(rounds: Int = 7, warmUpPairs: Int = 0, steadiness: Double? = 0.1, maxRounds: Int? = nil) {
        self.rounds = Swift.max(1, rounds)
        self.warmUpPairs = Swift.max(0, warmUpPairs)
        self.steadiness = steadiness
        self.maxRounds = Swift.max(self.rounds, maxRounds ?? 3 * self.rounds)
    }

    /// Runs the rounds: `baseline` first and after every `measured` round, until `rounds` rounds
    /// were steady or `maxRounds` were run.
    public func run(baseline: () throws -> Round, measured: () throws -> Round) rethrows -> RatioSample {
        for _ in 0..<warmUpPairs {
            _ = try baseline()
            _ = try measured()
        }
        var baselines = [try baseline()]
        var measures: [Round] = []
        var steady = 0
        while steady < rounds && measures.count < maxRounds {
            measures.append(try measured())
            baselines.append(try baseline())
            if RatioSample.isSteady(baselines[baselines.count - 2], baselines[baselines.count - 1], within: steadiness) { steady += 1 }
        }
        return RatioSample(paired: baselines, measures, steadiness: steadiness)
    }
}

/// The rounds of an `InterleavedRatio` and what they give.
public struct RatioSample: Sendable, Equatable {
    /// Baseline rounds in order: one before each measured round and one after the last.
    public let baselines: [Round]
    /// Measured rounds in order, kept or not.
    public let measures: [Round]
    /// The steadiness the rounds were kept by; nil keeps every round.
    public let steadiness: Double?

    /// Nil unless `baselines` holds one round more than `measures`: a measured round needs a
    /// baseline round on each side.
    public init?(baselines: [Round], measures: [Round], steadiness: Double? = nil) {
        guard !measures.isEmpty, baselines.count == measures.count + 1 else { return nil }
        self.init(paired: baselines, measures, steadiness: steadiness)
    }

    init(paired baselines: [Round], _ measures: [Round], steadiness: Double?) {
        self.baselines = baselines
        self.measures = measures
        self.steadiness = steadiness
    }

    /// True when the two rates are within `tolerance` of their mean (always, for no tolerance).
    static func isSteady(_ before: Round, _ after: Round, within tolerance: Double?) -> Bool {
        guard let tolerance else { return true }
        let mean = (before.rate + after.rate) / 2
        return mean > 0 && Swift.abs(before.rate - after.rate) <= tolerance * mean
    }

    /// Indices of the measured rounds that count: those between steady baselines, or every round
    /// when none was.
    public var kept: [Int] {
        let steady = measures.indices.filter { RatioSample.isSteady(baselines[$0], baselines[$0 + 1], within: steadiness) }
        return steady.isEmpty ? Array(measures.indices) : steady
    }

    /// Measured rounds left out because the load changed around them.
    public var leftOut: Int { measures.count - kept.count }

    /// Per kept round: its rate over the mean rate of the two baseline rounds around it.
    public var ratios: [Double] {
        kept.map { i in
            let around = (baselines[i].rate + baselines[i + 1].rate) / 2
            return around > 0 ? measures[i].rate / around : 0
        }
    }

    /// The ratio of rates (measured over baseline): median and range of the kept rounds.
    public var ratio: Spread { Spread(ratios) ?? Spread(exact: 0) }

    /// Per kept round, as `ratios` but per CPU second of this process instead of per wall-clock
    /// second: what the work costs, whether or not the machine let it run. Nil when a round has no CPU time.
    public var cpuRatios: [Double]? {
        var ratios: [Double] = []
        for i in kept {
            guard let measured = measures[i].cpuRate, let before = baselines[i].cpuRate, let after = baselines[i + 1].cpuRate else { return nil }
            ratios.append(before + after > 0 ? measured / ((before + after) / 2) : 0)
        }
        return ratios
    }

    /// The ratio of CPU rates: median and range; nil without CPU time.
    public var cpuRatio: Spread? { cpuRatios.flatMap { Spread($0) } }

    /// The ratio of times per unit (measured over baseline): the reciprocal, for latencies.
    public var timeRatio: Spread { ratio.map { $0 > 0 ? 1 / $0 : 0 } }

    /// The baseline's rate across all its rounds.
    public var baselineRate: Spread { Spread(baselines.map(\.rate)) ?? Spread(exact: 0) }

    /// The measured rate across the kept rounds.
    public var measuredRate: Spread { Spread(kept.map { measures[$0].rate }) ?? Spread(exact: 0) }
}
