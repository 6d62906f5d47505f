import BenchSupport
import Testing

@Suite struct PercentileTests {
    @Test func nearestRankNeverInterpolates() {
        let hundred = (1...100).map(Double.init)
        #expect(Percentile.nearestRank(hundred, 0.5) == 50)
        #expect(Percentile.nearestRank(hundred, 0.99) == 99)
        #expect(Percentile.nearestRank([3, 1, 2], 0.99) == 3)   // a few values: the p99 is the slowest
        #expect(Percentile.nearestRank([3, 1, 2], 0.5) == 2)
        #expect(Percentile.nearestRank([], 0.5) == 0)
    }
}
