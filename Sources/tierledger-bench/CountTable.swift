import BenchSupport
import Foundation

/// The figures of a count run, its table, and its comparison with the last run of the same binary.
enum CountTable {
    static func figures(_ counts: [CountMeasure: (instructions: Int, units: Int)], order: [CountMeasure], entries: Int) -> [Figure] {
        func perUnit(_ measure: CountMeasure) -> Double? {
            counts[measure].map { Double($0.instructions) / Double(max(1, $0.units)) }
        }
        return order.compactMap { measure in
            guard let count = counts[measure], let value = perUnit(measure) else { return nil }
            var baseline: Baseline?
            var ratio: Spread?
            var target = "baseline"
            var verdict = Verdict.reported
            if let comparison = measure.comparison, let base = perUnit(comparison.baseline) {
                baseline = Baseline(name: comparison.baseline.title.replacingOccurrences(of: " (baseline)", with: "") + ", counted the same way",
                                    unit: "instructions/signature", value: Spread(exact: base))
                // As a ratio of rates: how many entries (proofs) per baseline operation's worth of work.
                let rates = Spread(exact: base / value)
                ratio = rates
                target = comparison.target.description
                verdict = comparison.target.verdict(rates)
            }
            return Figure(measure: measure.title, size: entries, unit: "instructions/\(measure.unit)", value: Spread(exact: value),
                          baseline: baseline, ratio: ratio, target: target, verdict: verdict,
                          instructions: count.instructions, units: count.units)
        }
    }

    static func markdown(_ figures: [Figure]) -> String {
        var md = "| measure | instructions counted | per unit | baseline per signature | ratio of rates | target |\n|---|---|---|---|---|---|\n"
        for figure in figures {
            let counted = "\(figure.instructions ?? 0) / \(figure.units ?? 0)"
            let baseline = figure.baseline.map { String(format: "%.0f (%@)", $0.value.median, $0.name) } ?? "—"
            let ratio = figure.ratio.map { String(format: "%.3f", $0.median) } ?? "—"
            let mark = figure.verdict.mark
            md += "| \(figure.measure) | \(counted) | \(String(format: "%.0f", figure.value.median)) \(figure.unit) | \(baseline) | \(ratio) | "
                + "\(figure.target)\(mark.isEmpty ? "" : " " + mark) |\n"
        }
        return md
    }

    /// Compares with the latest count run of the same binary, fixture and sizes in the history:
    /// every count must be the same, instruction for instruction.
    static func compareWithLast(_ run: BenchRun, history path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let history = try? BenchHistory.decode(data),
              let last = history.runs.last(where: { $0.method == .instructions && $0.settings == run.settings })
        else {
            print("no earlier count of this binary and fixture in \(path) to compare with")
            return
        }
        let before = Dictionary(last.figures.map { ($0.measure, $0.instructions) }, uniquingKeysWith: { first, _ in first })
        var differences: [String] = []
        for figure in run.figures {
            guard let earlier = before[figure.measure] else { continue }
            if earlier != figure.instructions {
                differences.append("\(figure.measure): \(earlier.map(String.init) ?? "none") then \(figure.instructions.map(String.init) ?? "none")")
            }
        }
        if differences.isEmpty {
            print("same instruction counts as the run of \(last.date) (same binary and fixture): \(run.figures.count) of \(run.figures.count) identical")
        } else {
            print("DIFFERENT from the run of \(last.date) with the same binary and fixture:\n  " + differences.joined(separator: "\n  "))
        }
    }
}
