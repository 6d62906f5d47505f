import BenchSupport
import Testing

@Suite struct InterleavedRatioTests {
    @Test func roundsAlternateAndABaselineRoundClosesThem() {
        var calls: [String] = []
        let sample = InterleavedRatio(rounds: 3, warmUpPairs: 1).run(
            baseline: { calls.append("A"); return Round(units: 10, seconds: 1) },
            measured: { calls.append("B"); return Round(units: 9, seconds: 1) })
        #expect(calls == ["A", "B", "A", "B", "A", "B", "A", "B", "A"])
        #expect(sample.baselines.count == 4)
        #expect(sample.measures.count == 3)
    }

    @Test func eachRoundIsDividedByTheMeanOfTheBaselinesAroundIt() throws {
        // Baseline rates 100, 80, 120, 100; measured rates 90, 50, 110.
        let sample = try #require(RatioSample(
            baselines: [Round(units: 100, seconds: 1), Round(units: 40, seconds: 0.5), Round(units: 240, seconds: 2), Round(units: 100, seconds: 1)],
            measures: [Round(units: 90, seconds: 1), Round(units: 50, seconds: 1), Round(units: 55, seconds: 0.5)]))
        #expect(sample.ratios == [1.0, 0.5, 1.0])
        #expect(sample.ratio.median == 1.0)
        #expect(sample.ratio.min == 0.5)
        #expect(sample.ratio.max == 1.0)
        #expect(sample.baselineRate.median == 100)
        #expect(sample.measuredRate.median == 90)
        #expect(sample.timeRatio.median == 1.0)
        #expect(sample.timeRatio.max == 2.0)
    }

    /// A load that halves both sides of a pair leaves its ratio alone: what interleaving is for.
    @Test func aLoadThatSlowsBothSidesAlikeLeavesTheRatioAlone() {
        var round = 0
        let speed: (Int) -> Double = { [1.0, 0.5, 0.5, 1.0, 1.0, 0.6, 0.6, 1.0, 1.0][min($0, 8)] }
        let sample = InterleavedRatio(rounds: 4, steadiness: nil).run(
            baseline: { defer { round += 1 }; return Round(units: 100 * speed(round), seconds: 1) },
            measured: { defer { round += 1 }; return Round(units: 85 * speed(round), seconds: 1) })
        // Pairs see (1, 0.5, 0.5), (0.5, 1, 1), (1, 0.6, 0.6), (0.6, 1, 1): the ratio moves, but the
        // median stays near 0.85 where one baseline read up front would give 0.425 for a slowed round.
        #expect(sample.ratios.count == 4)
        #expect(abs(sample.ratio.median - 0.85) < 0.3)
    }

    /// Baselines 100, 50, 50, 100, 100, 100, …: the rounds between 100 and 50 are left out, and as many
    /// more are run; the rounds that count are those between baselines that agree.
    @Test func aRoundWhoseBaselinesDisagreeIsLeftOutAndReplaced() {
        let baselineRates: [Double] = [100, 50, 50, 100, 100, 100, 100, 100]
        var baselineCalls = 0, measuredCalls = 0
        let sample = InterleavedRatio(rounds: 3, steadiness: 0.1).run(
            baseline: { defer { baselineCalls += 1 }; return Round(units: baselineRates[min(baselineCalls, 7)], seconds: 1) },
            measured: { defer { measuredCalls += 1 }; return Round(units: measuredCalls == 0 ? 10 : 90, seconds: 1) })
        // Round 0 (100 → 50) and round 2 (50 → 100) are left out; rounds 1, 3 and 4 count.
        #expect(measuredCalls == 5)
        #expect(sample.kept == [1, 3, 4])
        #expect(sample.leftOut == 2)
        #expect(sample.ratios == [1.8, 0.9, 0.9])
    }

    @Test func noMoreThanMaxRoundsAreRunAndTheyAllCountWhenNoneIsSteady() {
        var flip = false
        var measuredCalls = 0
        let sample = InterleavedRatio(rounds: 3, steadiness: 0.1, maxRounds: 5).run(
            baseline: { flip.toggle(); return Round(units: flip ? 100 : 50, seconds: 1) },
            measured: { measuredCalls += 1; return Round(units: 75, seconds: 1) })
        #expect(measuredCalls == 5)
        #expect(sample.kept == [0, 1, 2, 3, 4])
        #expect(sample.ratios.allSatisfy { $0 == 1 })
    }

    @Test func aSampleNeedsOneBaselineRoundMoreThanMeasuredRounds() {
        #expect(RatioSample(baselines: [Round(units: 1, seconds: 1)], measures: [Round(units: 1, seconds: 1)]) == nil)
        #expect(RatioSample(baselines: [Round(units: 1, seconds: 1)], measures: []) == nil)
    }

    @Test func atLeastOneRoundIsRun() {
        #expect(InterleavedRatio(rounds: 0).rounds == 1)
    }

    @Test func aTimedRoundCountsItsUnitsAndTakesTime() {
        let round = Round.timed(units: 5) { for _ in 0..<1000 { _ = [Int](repeating: 1, count: 10) } }
        #expect(round.units == 5)
        #expect(round.seconds > 0)
        #expect(Round(units: 3, seconds: 0).rate == 0)
    }
}
