/// What a figure should reach, and whether a spread of rounds reached it.
public enum Target: Sendable, Equatable {
    /// The figure should be at least this (a ratio of rates: higher is better).
    case atLeast(Double)
    /// The figure should be at most this (a ratio of times: lower is better).
    case atMost(Double)
    /// No threshold: the figure is reported, with this note ("O(log n)", "report").
    case note(String)

    /// Met only when every round met it, missed only when none did; undecided when the range crosses it.
    public func verdict(_ spread: Spread) -> Verdict {
        switch self {
        case let .atLeast(limit):
            if spread.min >= limit { return .met }
            if spread.max < limit { return .missed }
            return .undecided
        case let .atMost(limit):
            if spread.max <= limit { return .met }
            if spread.min > limit { return .missed }
            return .undecided
        case .note:
            return .reported
        }
    }

    /// As the results table shows it: "≥ 0.85", "≤ 1.18", or the note.
    public var description: String {
        switch self {
        case let .atLeast(limit): return "≥ \(Target.trimmed(limit))"
        case let .atMost(limit): return "≤ \(Target.trimmed(limit))"
        case let .note(text): return text
        }
    }

    static func trimmed(_ value: Double) -> String {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

/// The outcome of a figure against its target.
public enum Verdict: String, Sendable, Equatable, Codable {
    /// Every round met the target.
    case met
    /// No round met it.
    case missed
    /// Some rounds met it and some did not: more rounds, or a quieter machine, would tell.
    case undecided
    /// There was no threshold to meet.
    case reported

    /// The mark in the results table.
    public var mark: String {
        switch self {
        case .met: return "✓"
        case .missed: return "✗"
        case .undecided: return "undecided"
        case .reported: return ""
        }
    }
}
