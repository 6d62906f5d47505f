import BenchSupport
import Foundation

/// Figures as the results table shows them, and the run appended to the history.
enum Results {
    /// This machine: cores as the process sees them, and the CPU's model name from /proc/cpuinfo.
    static func machine() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return Machine(cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model ?? "unknown")
    }

    /// The 1, 5 and 15-minute load averages (/proc/loadavg): how busy the machine was around a run.
    static func load() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func now() -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime]
        return format.string(from: Date())
    }

    /// Appends `run` to the history at `path` (created when missing).
    static func append(_ run: BenchRun, to path: String) throws {
        var history = BenchHistory()
        if let data = FileManager.default.contents(atPath: path) {
            do {
                history = try BenchHistory.decode(data)
            } catch {
                throw BenchError("\(path) is not a bench history (\(error)); move it away or fix it, then run again")
            }
        }
        history.runs.append(run)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try history.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        print("appended to \(path) (\(history.runs.count) runs)")
    }

    /// The Markdown table of a seconds run.
    static func table(_ figures: [Figure]) -> String {
        var md = "| measure | size | value (median, range) | baseline, same rounds | ratio (median, range) | target | ratio by CPU time |\n"
            + "|---|---|---|---|---|---|---|\n"
        for figure in figures {
            let value = format(figure.value, unit: figure.unit) + " " + figure.unit
            let baseline = figure.baseline.map { format($0.value, unit: $0.unit) + " \($0.unit) (\($0.name))" } ?? "—"
            let ratio = figure.ratio.map { format($0, unit: "ratio") } ?? "—"
            let cpu = figure.cpuRatio.map { format($0, unit: "ratio") } ?? "—"
            let mark = figure.verdict.mark
            md += "| \(figure.measure) | \(figure.size) | \(value) | \(baseline) | \(ratio) | \(figure.target)\(mark.isEmpty ? "" : " " + mark) | \(cpu) |\n"
        }
        return md
    }

    /// "0.87 (0.85–0.90)", or one number for a figure without spread.
    static func format(_ spread: Spread, unit: String) -> String {
        let pattern: String
        switch unit {
        case "ratio": pattern = "%.3f"
        case "ms": pattern = spread.median >= 100 ? "%.0f" : spread.median >= 10 ? "%.1f" : "%.3f"
        case "MiB", "reads": pattern = "%.1f"
        default: pattern = spread.median >= 100 ? "%.0f" : "%.2f"
        }
        let median = String(format: pattern, spread.median)
        guard spread.count > 1 else { return median }
        return median + " (" + String(format: pattern, spread.min) + "–" + String(format: pattern, spread.max) + ")"
    }
}

extension Figure {
    /// A ratio of rates from interleaved rounds, judged against `target`.
    static func rates(_ measure: String, size: Int, _ sample: RatioSample, unit: String, baseline name: String,
                      baselineUnit: String, target: Target) -> Figure {
        log(measure, size: size, sample.ratios, leftOut: sample.leftOut)
        return Figure(measure: measure, size: size, unit: unit, value: sample.measuredRate,
                      baseline: Baseline(name: name, unit: baselineUnit, value: sample.baselineRate),
                      ratio: sample.ratio, rounds: sample.ratios, roundsLeftOut: sample.leftOut, cpuRatio: sample.cpuRatio,
                      target: target.description, verdict: target.verdict(sample.ratio))
    }

    /// Prints each round's ratio, so that a run shows what its medians summarise.
    static func log(_ measure: String, size: Int, _ ratios: [Double], leftOut: Int) {
        print("\(measure), \(size): rounds " + ratios.map { String(format: "%.3f", $0) }.joined(separator: " ")
              + (leftOut > 0 ? "; \(leftOut) left out, the load changed around them" : ""))
    }

    /// A ratio of times per unit (milliseconds) from interleaved rounds: the measure's over the baseline's.
    static func times(_ measure: String, size: Int, _ sample: RatioSample, baseline name: String, target: Target) -> Figure {
        let milliseconds: (Double) -> Double = { $0 > 0 ? 1000 / $0 : 0 }
        let ratios = sample.ratios.map { $0 > 0 ? 1 / $0 : 0 }
        log(measure, size: size, ratios, leftOut: sample.leftOut)
        return Figure(measure: measure, size: size, unit: "ms", value: sample.measuredRate.map(milliseconds),
                      baseline: Baseline(name: name, unit: "ms", value: sample.baselineRate.map(milliseconds)),
                      ratio: sample.timeRatio, rounds: ratios, roundsLeftOut: sample.leftOut, target: target.description,
                      verdict: target.verdict(sample.timeRatio))
    }

    /// One figure without baseline.
    static func single(_ measure: String, size: Int, _ value: Double, unit: String, target: Target) -> Figure {
        let spread = Spread(exact: value)
        let threshold: String
        switch target {
        case .atLeast, .atMost: threshold = target.description + " " + unit
        case .note: threshold = target.description
        }
        return Figure(measure: measure, size: size, unit: unit, value: spread, target: threshold, verdict: target.verdict(spread))
    }
}
