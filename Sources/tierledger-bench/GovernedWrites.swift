import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto

/// A governed write as a user runs it: `tierledger change propose`, `change approve` and `change
/// apply`, each a new process of the release binary, on the benchmark ledger, with a state snapshot
/// bound to a fresh checkpoint and without one (`TIERLEDGER_SNAPSHOTS=off`, a replay from entry 0).
/// The two are run in turns, round after round, so that a change of load reaches both.
struct GovernedWrites {
    let size: Int
    let directory: String
    let work: String
    /// The ledger's admin and log key.
    let key: PrivateKey
    let rounds: Int

    /// The three commands, in the order a change takes them.
    static let commands = ["propose", "approve", "apply"]

    func measure() throws -> [Figure] {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tierledger").path
        guard FileManager.default.isExecutableFile(atPath: bin) else {
            print("note: no governed-write figures (needs \(bin), built by make bench)")
            return []
        }
        let keys = try enrol()
        // A fresh checkpoint binding the state: what `tierledger checkpoint` writes.
        _ = try FileLedger.open(directory).makeCheckpoint(logKey: key, authority: GovernanceState(),
                                                          snapshot: { state, head in GovernanceSnapshot(state: state, head: head).bytes })
        var times: [Bool: [String: [Double]]] = [true: [:], false: [:]]
        var number = 0
        for round in 0..<rounds {
            // Alternate which goes first, so that neither always follows the other's writes.
            for snapshot in round % 2 == 0 ? [true, false] : [false, true] {
                number += 1
                let request = "CR-\(try FileLedger.open(directory).count())"
                let environment = snapshot ? [:] : ["TIERLEDGER_SNAPSHOTS": "off"]
                let steps: [(String, [String])] = [
                    ("propose", ["change", "propose", "issue", "--license", "BENCH-\(size)-\(number)", "--customer", "bench-\(number)",
                                 "--tier", "team", "--seats", "10", "--term-months", "12", "--reason", "benchmark", "--key", keys["sales"] ?? ""]),
                    ("approve", ["change", "approve", request, "--yes", "--key", keys["deal"] ?? ""]),
                    ("apply", ["change", "apply", request, "--key", keys["ops"] ?? ""]),
                ]
                for (name, arguments) in steps {
                    let seconds = try run(bin, arguments + ["--ledger", directory], environment: environment)
                    times[snapshot, default: [:]][name, default: []].append(seconds)
                }
            }
        }
        var figures: [Figure] = []
        for command in GovernedWrites.commands {
            let with = times[true]?[command] ?? [], without = times[false]?[command] ?? []
            let p50 = Percentile.nearestRank(with, 0.5) * 1000, p50Replay = Percentile.nearestRank(without, 0.5) * 1000
            let target: Target = command == "approve" && size >= 1_000_000 ? .atMost(200) : .note("report")
            let verdict = target.verdict(Spread(exact: p50))
            print("change \(command), \(size): with a snapshot " + with.map { String(format: "%.0f", $0 * 1000) }.joined(separator: " ")
                  + " ms; from entry 0 " + without.map { String(format: "%.0f", $0 * 1000) }.joined(separator: " ") + " ms")
            figures.append(Figure(measure: "change \(command), new process, fresh snapshot p50", size: size, unit: "ms",
                                  value: Spread(exact: p50),
                                  baseline: Baseline(name: "change \(command), new process, from entry 0 p50", unit: "ms", value: Spread(exact: p50Replay)),
                                  ratio: Spread(exact: p50Replay > 0 ? p50 / p50Replay : 0),
                                  target: target == .note("report") ? "report" : "\(target.description) ms", verdict: verdict))
            figures.append(.single("change \(command), new process, fresh snapshot p99", size: size, Percentile.nearestRank(with, 0.99) * 1000, unit: "ms",
                                   target: .note("report")))
            figures.append(.single("change \(command), new process, from entry 0 p99", size: size, Percentile.nearestRank(without, 0.99) * 1000, unit: "ms",
                                   target: .note("report")))
        }
        return figures
    }

    /// Enrols a proposer, a deal-desk approver and an operator and adopts the repository's policy,
    /// in one batch signed by the admin; returns their key files.
    func enrol() throws -> [String: String] {
        let policy = try PolicySet.load(directory: "policies")
        var files: [String: String] = [:]
        var drafts: [EntryDraft] = []
        for (name, role) in [("sales", "proposer"), ("deal", "approver:deal-desk"), ("ops", "operator")] {
            let principal = try PrivateKey.generate(.ed25519)
            let path = work + "/governed-\(size)-\(name).pem"
            try? FileManager.default.removeItem(atPath: path)
            try KeyFile.create(path, contents: try principal.pem(), mode: 0o600)
            files[name] = path
            guard let parsed = Role(role) else { throw BenchError("no role \(role)") }
            drafts.append(EntryDraft(type: GovernanceEntryType.enroll, body: PrincipalBodies.enroll(name: name, roles: [parsed], key: principal.publicKey)))
        }
        drafts.append(EntryDraft(type: PolicyAdoption.type, body: PolicyAdoption.body(policy)))
        _ = try FileLedger.open(directory).append(drafts, signedBy: key, authority: GovernanceState())
        return files
    }

    /// Runs `tierledger ARGS` and returns its wall-clock seconds; throws when it fails.
    func run(_ bin: String, _ arguments: [String], environment: [String: String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bin)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard process.terminationStatus == 0 else { throw BenchError("tierledger \(arguments.joined(separator: " ")) failed: \(text)") }
        return seconds
    }

    /// The nearest-rank percentile: the smallest value with at least `p` of the values at or below it
    /// (so the p99 of a few rounds is the slowest).
}
