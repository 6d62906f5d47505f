import ArgumentParser

/// `make bench` and `make bench-count`: the store measured against this machine's own limits.
///
/// `seconds` (the default) times each measure in rounds interleaved with its baseline
/// (`InterleavedRatio`); `count` counts the instructions of the CPU-bound measures under callgrind,
/// each in its own process running `count-region`. Both append a run to bench/results.json.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tierledger-bench",
        abstract: "Measures tierledger against this machine's own limits (docs/performance.md).",
        subcommands: [Seconds.self, Count.self, CountRegion.self],
        defaultSubcommand: Seconds.self
    )
}

/// Where a run records itself.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The tree measured, as scripts/bench-commit.sh prints it.", valueName: "commit"))
    var commit = "unknown"

    @Option(help: ArgumentHelp("The history a run is appended to.", valueName: "path"), completion: .file(extensions: ["json"]))
    var history = "bench/results.json"

    @Flag(help: "Print the results without appending them to the history.")
    var noHistory = false
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
