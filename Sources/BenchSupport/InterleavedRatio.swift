/// A ratio of two rates measured in alternating rounds, so that both sides see the same machine.
///
/// On a shared machine a baseline read once, before the measurement it divides, may have run on an
/// idle core and the measurement beside someone's compile. Here the rounds alternate,
/// baseline, measured, baseline, measured, …, baseline: each measured round sits between two
/// baseline rounds and is divided by their mean rate, which also cancels a load that rises or falls
/// steadily across the pair. The result is the median of the per-round ratios with their range.
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
    /// Measured rounds; there is one baseline round more.
    public var rounds: Int
    /// Pairs (baseline, measured) run first and left out, to warm caches and lazy set-up.
    public var warmUpPairs: Int

    public init(rounds: Int = 7, warmUpPairs: Int = 0) {
        self.rounds = Swift.max(1, rounds)
        self.warmUpPairs = Swift.max(0, warmUpPairs)
    }

    /// Runs the rounds; `baseline` is called `rounds + 1` times (plus warm-up), `measured` `rounds` times.
    public func run(baseline: () throws -> Round, measured: () throws -> Round) rethrows -> RatioSample {
        for _ in 0..<warmUpPairs {
            _ = try baseline()
            _ = try measured()
        }
        var baselines = [try baseline()]
        var measures: [Round] = []
        for _ in 0..<rounds {
            measures.append(try measured())
            baselines.append(try baseline())
        }
        return RatioSample(paired: baselines, measures)
    }
}

/// The rounds of an `InterleavedRatio` and what they give.
public struct RatioSample: Sendable, Equatable {
    /// Baseline rounds in order: one before each measured round and one after the last.
    public let baselines: [Round]
    /// Measured rounds in order.
    public let measures: [Round]

    /// Nil unless `baselines` holds one round more than `measures`: a measured round needs a
    /// baseline round on each side.
    public init?(baselines: [Round], measures: [Round]) {
        guard !measures.isEmpty, baselines.count == measures.count + 1 else { return nil }
        self.init(paired: baselines, measures)
    }

    init(paired baselines: [Round], _ measures: [Round]) {
        self.baselines = baselines
        self.measures = measures
    }

    /// Per measured round: its rate over the mean rate of the two baseline rounds around it.
    public var ratios: [Double] {
        measures.indices.map { i in
            let around = (baselines[i].rate + baselines[i + 1].rate) / 2
            return around > 0 ? measures[i].rate / around : 0
        }
    }

    /// The ratio of rates (measured over baseline): median and range of the rounds.
    public var ratio: Spread { Spread(ratios) ?? Spread(exact: 0) }

    /// Per measured round, as `ratios` but per CPU second of this process instead of per wall-clock
    /// second: what the work costs, whether or not the machine let it run. Nil when a round has no CPU time.
    public var cpuRatios: [Double]? {
        let measured = measures.compactMap(\.cpuRate), base = baselines.compactMap(\.cpuRate)
        guard measured.count == measures.count, base.count == baselines.count else { return nil }
        return measured.indices.map { i in
            let around = (base[i] + base[i + 1]) / 2
            return around > 0 ? measured[i] / around : 0
        }
    }

    /// The ratio of CPU rates: median and range; nil without CPU time.
    public var cpuRatio: Spread? { cpuRatios.flatMap { Spread($0) } }

    /// The ratio of times per unit (measured over baseline): the reciprocal, for latencies.
    public var timeRatio: Spread { ratio.map { $0 > 0 ? 1 / $0 : 0 } }

    /// The baseline's rate across its rounds.
    public var baselineRate: Spread { Spread(baselines.map(\.rate)) ?? Spread(exact: 0) }

    /// The measured rate across its rounds.
    public var measuredRate: Spread { Spread(measures.map(\.rate)) ?? Spread(exact: 0) }
}
