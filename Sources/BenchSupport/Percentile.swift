/// Percentiles of measured latencies, by nearest rank: the smallest value with at least `p` of
/// the values at or below it. The p99 of fewer than 100 values is therefore the largest, never an
/// interpolation between two runs.
public enum Percentile {
    /// The `p` (0…1) percentile of `values`, or 0 when there are none.
    public static func nearestRank(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
