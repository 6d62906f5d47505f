import ArgumentParser
import BenchSupport
import Foundation
import Ledger

/// `make bench-count`: instructions per entry of the CPU-bound measures against instructions per
/// Ed25519 signature and verification of the same OpenSSL, counted the same way. Counts repeat
/// exactly for the same binary and input whatever else the machine does: the figure to compare
/// across commits.
struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts instructions of the CPU-bound measures under callgrind (make bench-count)."
    )

    @Option(help: ArgumentHelp("Entries in the ledger counted on.", valueName: "n"))
    var entries = 2_000

    @Option(help: ArgumentHelp("Signatures in each baseline count.", valueName: "n"))
    var signatures = 1_000

    @Option(help: ArgumentHelp("Where the fixture ledger and callgrind's files go (relative, so that the paths, "
                               + "and the work on them, are the same in every checkout).", valueName: "dir"))
    var scratch = ".build/bench-count"

    @Option(help: ArgumentHelp("The valgrind to run.", valueName: "path"))
    var valgrind = "valgrind"

    @Argument(help: ArgumentHelp("Measures to count (default: all).", valueName: "measure"))
    var measures: [CountMeasure] = []

    @OptionGroup var record: RunOptions

    func validate() throws {
        guard entries >= 2 else { throw ValidationError("--entries must be at least 2") }
        guard signatures >= 1 else { throw ValidationError("--signatures must be at least 1") }
    }

    func run() throws {
        let version = try valgrindVersion()
        let selected = measures.isEmpty ? CountMeasure.allCases : measures
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let fixture = scratch + "/ledger"
        try CountFixture.build(at: fixture, entries: entries)
        let ledgerDigest = Digest.of(Array(try Data(contentsOf: URL(fileURLWithPath: fixture + "/entries.jsonl")))).hex
        let binary = try withoutDebugInfo(CommandLine.arguments[0])
        let binaryDigest = Digest.of(Array(try Data(contentsOf: URL(fileURLWithPath: binary)))).hex
        print("\(version); fixture ledger \(entries) entries, entries.jsonl sha256 \(ledgerDigest.prefix(16))…; binary sha256 \(binaryDigest.prefix(16))…")

        var counts: [CountMeasure: (instructions: Int, units: Int)] = [:]
        for measure in selected {
            let counted = try count(measure, binary: binary, fixture: fixture)
            counts[measure] = counted
            print("\(measure.rawValue): \(counted.instructions) instructions, \(counted.units) \(measure.unit == "entry" ? "entries" : measure.unit + "s")")
        }
        let figures = CountTable.figures(counts, order: selected, entries: entries)
        print(CountTable.markdown(figures))
        let run = BenchRun(method: .instructions, commit: record.commit, date: Results.now(), machine: Results.machine(),
                           settings: ["entries": String(entries), "signatures": String(signatures), "valgrind": version,
                                      "binary_sha256": binaryDigest, "ledger_sha256": ledgerDigest],
                           figures: figures)
        try CountTable.compareWithLast(run, history: record.history)
        guard !record.noHistory else { return }
        try Results.append(run, to: record.history)
    }

    /// Runs `count-region MEASURE` under callgrind, collecting only inside the counted region.
    func count(_ measure: CountMeasure, binary: String, fixture: String) throws -> (instructions: Int, units: Int) {
        let out = scratch + "/\(measure.rawValue).callgrind"
        try? FileManager.default.removeItem(atPath: out)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: valgrind))
        process.arguments = ["--tool=callgrind", "--collect-atstart=no", "--toggle-collect=*callgrindCountedRegion*",
                             "--callgrind-out-file=\(out)", binary, "count-region", measure.rawValue,
                             "--ledger", fixture, "--scratch", scratch, "--signatures", String(signatures)]
        // The same few variables every run: the environment lies on the stack, so its size moves
        // every stack address, and with them the paths memcpy and strcmp take for unaligned bytes.
        // Swift seeds its hash tables per process unless told not to; a seed changes the work.
        process.environment = ["PATH": "/usr/bin:/bin", "SWIFT_DETERMINISTIC_HASHING": "1"]
        let log = scratch + "/\(measure.rawValue).log"
        guard FileManager.default.createFile(atPath: log, contents: nil), let logHandle = FileHandle(forWritingAtPath: log) else {
            throw BenchError("cannot create \(log)")
        }
        defer { try? logHandle.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = logHandle
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("count-region \(measure.rawValue) under callgrind failed (status \(process.terminationStatus)):\n\(text)see \(log)")
        }
        guard let units = text.split(separator: "\n").last(where: { $0.hasPrefix("units ") }).flatMap({ Int($0.dropFirst(6)) }),
              let callgrind = try? String(contentsOfFile: out, encoding: .utf8),
              let instructions = CallgrindOutput.instructions(in: callgrind), instructions > 0
        else { throw BenchError("count-region \(measure.rawValue) gave no count; see \(out)") }
        return (instructions, units)
    }

    /// A copy of `binary` without its DWARF (the symbols stay): valgrind 3.19 cannot read the
    /// DWARF 5 that Swift 6 writes, and needs only the symbol table to find the counted region.
    func withoutDebugInfo(_ binary: String) throws -> String {
        let copy = scratch + "/tierledger-bench"
        try? FileManager.default.removeItem(atPath: copy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["strip", "--strip-debug", "-o", copy, binary]
        do {
            try process.run()
        } catch {
            throw BenchError("cannot run strip (binutils): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("strip --strip-debug \(binary) failed; is binutils installed?") }
        return copy
    }

    /// `command` as given when it holds a slash, else where this process's PATH finds it.
    func path(of command: String) throws -> String {
        if command.contains("/") { return command }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let found = directories.map({ "\($0)/\(command)" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("\(command) is not on PATH; run scripts/ensure-bench-deps.sh (it installs valgrind)")
        }
        return found
    }

    func valgrindVersion() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: valgrind))
        process.arguments = ["--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(valgrind) is missing; run scripts/ensure-bench-deps.sh (it installs valgrind)") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The process callgrind watches: one measure's set-up, then its counted work; prints `units N`.
struct CountRegion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count-region",
        abstract: "One measure's counted work, run under callgrind by `count`.",
        shouldDisplay: false
    )

    @Argument(help: "The measure.")
    var measure: CountMeasure

    @Option(help: ArgumentHelp("The fixture ledger.", valueName: "dir"))
    var ledger: String

    @Option(help: ArgumentHelp("A directory the measure may write in.", valueName: "dir"))
    var scratch: String

    @Option(help: ArgumentHelp("Signatures in a baseline count.", valueName: "n"))
    var signatures = 1_000

    func run() throws {
        if ProcessInfo.processInfo.environment["SWIFT_DETERMINISTIC_HASHING"] == nil {
            FileHandle.standardError.write(Data("warning: SWIFT_DETERMINISTIC_HASHING is not set; counts will vary\n".utf8))
        }
        let units = try measure.countedWork(ledger: ledger, scratch: scratch, signatures: signatures)
        print("units \(units)")
    }
}
