import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto

/// What runs beside the benchmark in its own process: `tierledger verify` for its peak memory, and
/// the peer verifier (bench/peer/verify.py, Python on `cryptography`) for speed and for agreement.
enum Peer {
    static func measures(size: Int, directory: String, work: String, cores: Int, rounds: Int, steadiness: Double) throws -> [Figure] {
        var figures: [Figure] = []
        if let peak = try peakRSS(["verify", "--ledger", directory, "--quiet"]) {
            figures.append(.single("peak RSS of tierledger verify", size: size, Double(peak) / 1024, unit: "MiB", target: .atMost(64)))
        }
        // At 1M the Python peer alone takes minutes.
        guard size <= 100_000, let first = try run(directory) else { return figures }
        guard first.failedSeq == nil else { throw BenchError("the peer found entry \(first.failedSeq ?? -1) bad in the benchmark ledger") }
        let sample = try InterleavedRatio(rounds: rounds, steadiness: steadiness).run(
            baseline: { try run(directory)?.round ?? Round(units: 0, seconds: 1) },
            measured: {
                // Wall-clock only: the peer's CPU time is another process's.
                let round = try Round.timed {
                    Int(try Verifier(authority: GovernanceState(), workers: cores).verify(FileLedger.open(directory)).report.verifiedEntries)
                }
                return Round(units: round.units, seconds: round.seconds)
            })
        figures.append(.rates("full verify, speed-up over the Python peer", size: size, sample, unit: "entries/s",
                              baseline: "bench/peer/verify.py, 1 core", baselineUnit: "entries/s", target: .atLeast(2)))
        try damagedCopy(size: size, directory: directory, work: work, cores: cores)
        return figures
    }

    /// Changes one byte mid-file in a copy; verify and the peer must name the same entry.
    static func damagedCopy(size: Int, directory: String, work: String, cores: Int) throws {
        let damaged = work + "/damaged-\(size)"
        try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/entries.jsonl"))
        guard let quote = bytes[(bytes.count / 2)...].firstIndex(of: UInt8(ascii: "x")) else { throw BenchError("no byte to damage") }
        bytes[quote] = UInt8(ascii: "y")
        try bytes.write(to: URL(fileURLWithPath: damaged + "/entries.jsonl"))
        try FileManager.default.copyItem(atPath: directory + "/ledger.json", toPath: damaged + "/ledger.json")
        let ours = try Verifier(authority: GovernanceState(), workers: cores).verify(FileLedger.open(damaged)).report.failure?.seq
        let theirs = try run(damaged)?.failedSeq
        print("damaged copy: verify names entry \(ours.map(String.init) ?? "none"), the peer entry \(theirs.map(String.init) ?? "none")"
              + (ours == theirs ? " (agree)" : " (DISAGREE)"))
        guard ours != nil, ours == theirs else { throw BenchError("verify and the peer disagree on the damaged copy") }
    }

    /// Runs bench/peer/verify.py on `directory`: a round of its entries, and the entry it found bad;
    /// nil (with a note) when python3 or `cryptography` is missing.
    static func run(_ directory: String) throws -> (round: Round, failedSeq: Int64?)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "bench/peer/verify.py", directory, "--json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        var data = Data()
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let (whole, attoseconds) = (clock.now - start).components
        let seconds = Double(whole) + Double(attoseconds) * 1e-18
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            print("note: bench/peer/verify.py did not run (python3 with the cryptography package is needed); no peer figure")
            return nil
        }
        let json = try JSONParser.parse(Array(data))
        let entries = json["verified_entries"]?.integerValue ?? 0
        return (Round(units: Double(entries), seconds: seconds), json["failure"]?["seq"]?.integerValue)
    }

    /// Peak RSS in KiB of `tierledger ARGS`, run beside this benchmark, from /usr/bin/time.
    static func peakRSS(_ arguments: [String]) throws -> Int? {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tierledger").path
        guard FileManager.default.isExecutableFile(atPath: bin), FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
            print("note: no peak RSS figure (needs \(bin), built by make bench, and /usr/bin/time)")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "peak %M", bin] + arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("tierledger \(arguments.joined(separator: " ")) failed: \(text)") }
        return text.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.dropFirst(5)) }
    }
}
