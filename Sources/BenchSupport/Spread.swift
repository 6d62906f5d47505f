/// The median of a set of figures with its range (min–max).
///
/// The median, not the mean: one round slowed by a neighbour's compile moves the mean, not the
/// median. The range shows what the rounds saw; a figure is settled only when its whole range is on
/// one side of the target (`Target.verdict`).
public struct Spread: Sendable, Equatable {
    public let median: Double
    public let min: Double
    public let max: Double
    /// How many figures were summarised.
    public let count: Int

    /// Nil for no figures.
    public init?(_ values: [Double]) {
        let sorted = values.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = first
        max = last
        count = sorted.count
    }

    /// A single exact figure (an instruction count, a count of reads): no spread.
    public init(exact value: Double) {
        median = value
        min = value
        max = value
        count = 1
    }

    /// Half the range: the figure is the median ± at most this much.
    public var halfWidth: Double { (max - min) / 2 }

    /// The median's distance to the range's ends, as `median +a / −b`.
    public var above: Double { max - median }
    public var below: Double { median - min }

    /// Each figure mapped by `transform`, which must be monotonic (a reciprocal turns min into max).
    public func map(_ transform: (Double) -> Double) -> Spread {
        let ends = [transform(min), transform(max)]
        return Spread(median: transform(median), min: ends[0] < ends[1] ? ends[0] : ends[1],
                      max: ends[0] < ends[1] ? ends[1] : ends[0], count: count)
    }

    private init(median: Double, min: Double, max: Double, count: Int) {
        self.median = median
        self.min = min
        self.max = max
        self.count = count
    }
}

/// In the history, an exact figure is a plain number and a spread an object with its median, ends
/// and count.
extension Spread: Codable {
    private enum Key: String, CodingKey { case median, min, max, count }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let value = try? single.decode(Double.self) {
            self.init(exact: value)
            return
        }
        let object = try decoder.container(keyedBy: Key.self)
        self.init(median: try object.decode(Double.self, forKey: .median), min: try object.decode(Double.self, forKey: .min),
                  max: try object.decode(Double.self, forKey: .max), count: try object.decode(Int.self, forKey: .count))
    }

    public func encode(to encoder: any Encoder) throws {
        if count == 1 && min == max {
            var single = encoder.singleValueContainer()
            try single.encode(median)
        } else {
            var object = encoder.container(keyedBy: Key.self)
            try object.encode(median, forKey: .median)
            try object.encode(min, forKey: .min)
            try object.encode(max, forKey: .max)
            try object.encode(count, forKey: .count)
        }
    }
}
