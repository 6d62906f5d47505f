import BenchSupport
import Testing

@Suite struct SpreadTests {
    @Test func anOddCountHasItsMiddleFigureAsMedian() throws {
        let spread = try #require(Spread([0.9, 0.7, 0.8, 1.2, 0.85]))
        #expect(spread.median == 0.85)
        #expect(spread.min == 0.7)
        #expect(spread.max == 1.2)
        #expect(spread.count == 5)
        #expect(abs(spread.halfWidth - 0.25) < 1e-12)
        #expect(abs(spread.above - 0.35) < 1e-12)
        #expect(abs(spread.below - 0.15) < 1e-12)
    }

    @Test func anEvenCountHasTheMeanOfItsTwoMiddleFiguresAsMedian() throws {
        let spread = try #require(Spread([4, 1, 3, 2]))
        #expect(spread.median == 2.5)
        #expect(spread.min == 1)
        #expect(spread.max == 4)
    }

    @Test func noFiguresGiveNoSpread() {
        #expect(Spread([]) == nil)
    }

    @Test func oneRoundOrAnExactFigureHasNoWidth() throws {
        #expect(try #require(Spread([0.87])) == Spread(exact: 0.87))
        #expect(Spread(exact: 3).halfWidth == 0)
    }

    @Test func aReciprocalSwapsTheEnds() throws {
        let rates = try #require(Spread([2, 4, 5]))
        let times = rates.map { 1 / $0 }
        #expect(times.median == 0.25)
        #expect(times.min == 0.2)
        #expect(times.max == 0.5)
    }

    @Test func roundingKeepsFourSignificantDigits() {
        #expect(Spread(exact: 0.873456).rounded().median == 0.8735)
        #expect(Spread(exact: 26_673.4).rounded().median == 26_673)
        #expect(Spread(exact: 1_530_998.6).rounded().median == 1_530_999)
        #expect(Spread(exact: 0.000123456).rounded().median == 0.0001235)
        #expect(Spread(exact: 0).rounded().median == 0)
    }
}

@Suite struct TargetTests {
    @Test func aRangeWhollyAboveAnAtLeastTargetMeetsIt() throws {
        #expect(Target.atLeast(0.85).verdict(try #require(Spread([0.86, 0.9, 0.88]))) == .met)
        #expect(Target.atLeast(0.85).verdict(try #require(Spread([0.85, 0.9]))) == .met)
    }

    @Test func aRangeWhollyBelowAnAtLeastTargetMissesIt() throws {
        #expect(Target.atLeast(0.85).verdict(try #require(Spread([0.7, 0.84]))) == .missed)
    }

    @Test func aRangeThatCrossesTheTargetIsUndecidedWhateverItsMedian() throws {
        #expect(Target.atLeast(0.85).verdict(try #require(Spread([0.84, 0.9, 0.91]))) == .undecided)
        #expect(Target.atLeast(0.85).verdict(try #require(Spread([0.8, 0.81, 0.86]))) == .undecided)
        #expect(Target.atMost(1).verdict(try #require(Spread([0.9, 1.1]))) == .undecided)
    }

    @Test func atMostTargetsJudgeTheOtherWay() throws {
        #expect(Target.atMost(1).verdict(try #require(Spread([0.2, 0.3]))) == .met)
        #expect(Target.atMost(1).verdict(try #require(Spread([1.2, 1.3]))) == .missed)
    }

    @Test func aNoteIsReportedNotJudged() {
        #expect(Target.note("O(log n)").verdict(Spread(exact: 99)) == .reported)
    }

    @Test func targetsAndVerdictsReadAsTheTableShowsThem() {
        #expect(Target.atLeast(0.85).description == "≥ 0.85")
        #expect(Target.atLeast(2).description == "≥ 2")
        #expect(Target.atMost(1).description == "≤ 1")
        #expect(Target.note("report").description == "report")
        #expect(Verdict.met.mark == "✓")
        #expect(Verdict.missed.mark == "✗")
        #expect(Verdict.undecided.mark == "undecided")
    }
}
