import Foundation
import LedgerCrypto
import Testing
import TestSupport

/// Kill -9 a busy writer at random moments (seeded): every entry it acknowledged must survive, byte
/// for byte, a torn tail is quarantined, verify passes, and the chain goes on. `make torture` runs
/// this with TIERLEDGER_TORTURE_KILLS=200; `make test` runs a short version.
@Suite struct CrashTortureTests {
    struct Acknowledged { let seq: Int64; let hash: String }


    static var kills: Int { Int(ProcessInfo.processInfo.environment["TIERLEDGER_TORTURE_KILLS"] ?? "") ?? 6 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["TIERLEDGER_TORTURE_SEED"] ?? "") ?? 20261125 }

    @Test func killsLoseNoAcknowledgedEntry() throws {
        let ws = try CLIWorkspace()
        var batch = ""
        for i in 0..<40 { batch += "{\"type\":\"usage.snapshot\",\"body\":{\"i\":\(i),\"pad\":\"\(String(repeating: "x", count: 200))\"}}\n" }
        try batch.write(toFile: ws.path("batch.jsonl"), atomically: false, encoding: .utf8)
        // The writer: single appends, batches and checkpoints, forever; each acknowledgement printed after the call returned.
        let bin = CLI.binary
        let loop = """
            i=0
            while true; do
              i=$((i+1))
              '\(bin)' append --type note.text --body "{\\"i\\":$i}" --key bob.pem --json || exit 3
              if [ $((i % 3)) -eq 0 ]; then '\(bin)' append --batch batch.jsonl --key bob.pem --json || exit 3; fi
              if [ $((i % 5)) -eq 0 ]; then '\(bin)' checkpoint --key admin.pem >/dev/null 2>&1 || exit 4; fi
            done
            """
        var rng = SeededGenerator(seed: Self.seed)
        var acknowledged: [Acknowledged] = []
        var tornTails = 0
        for round in 0..<Self.kills {
            let process = Process()
            // Foundation starts the child as the leader of its own process group, so killing the
            // group (-pid) reaches the shell and whichever writer it is running.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", loop]
            process.currentDirectoryURL = URL(fileURLWithPath: ws.dir.path)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            let start = try Self.fileSize(ws.path("ledger/entries.jsonl"))
            try process.run()
            let delay = UInt32(Int.random(in: 30_000...600_000, using: &rng))
            // Every other round, the delay counts from the writer's first append, so that however
            // slowly a loaded machine starts processes, kills also land while it is writing.
            if round % 2 == 1 { Self.waitForGrowth(ws.path("ledger/entries.jsonl"), beyond: start) }
            usleep(delay)
            kill(-process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // Only complete lines are acknowledgements; a line cut by the kill was not yet seen by anyone.
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                acknowledged += try Self.parse(String(line))
            }

            // Recovery: a torn tail is moved aside, never kept, never lost silently.
            let recovered = try ws.expectSuccess(["recover"])
            if recovered.stdout.contains("quarantine") { tornTails += 1 }
            let lines = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")
            for ack in acknowledged {
                #expect(ack.seq < lines.count, "round \(round): acknowledged entry \(ack.seq) is missing (seed \(Self.seed))")
                guard ack.seq < lines.count else { continue }
                #expect(Self.sha256(String(lines[Int(ack.seq)])) == ack.hash, "round \(round): entry \(ack.seq) changed (seed \(Self.seed))")
            }
            let verify = try ws.run(["verify", "--json"])
            #expect(verify.status == 0, "round \(round): \(verify.stdout) (seed \(Self.seed))")
        }
        // The chain goes on after the last kill.
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"after\":\"torture\"}", "--key", "admin.pem"])
        try ws.expectSuccess(["verify"])
        // Half the kills wait for the writer's first append: on a loaded machine that still leaves entries acknowledged.
        #expect(acknowledged.count >= Self.kills / 2, "the writer should have acknowledged entries between kills")
        print("crash torture: \(Self.kills) kills (seed \(Self.seed)), \(acknowledged.count) acknowledged entries checked, 0 lost, \(tornTails) torn tails quarantined")
    }

    /// Kills during governed writes: usage imports (after the caches were deleted, so the writer is
    /// rebuilding the offset index and the Merkle cache when the kill lands), change proposals, and
    /// a first `policy adopt` on fresh ledgers. Nothing acknowledged is lost; verify passes each time.
    @Test func killsDuringImportsRebuildsAndAdoptionsLoseNothing() throws {
        let ws = try CLIWorkspace()   // admin; bob: operator + proposer
        try ws.expectSuccess(["keys", "generate", "--out", "deal.pem", "--no-encrypt"])
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        try ws.expectSuccess(["change", "propose", "issue", "--license", "K-1", "--customer", "kilo", "--tier", "team", "--seats", "10",
                              "--term-months", "12", "--reason", "torture", "--key", "bob.pem"])
        try ws.expectSuccess(["change", "approve", "CR-4", "--key", "deal.pem", "--yes"])
        try ws.expectSuccess(["change", "apply", "CR-4", "--key", "bob.pem"])
        let bin = CLI.binary
        let loop = """
            i=$(cat round)
            while true; do
              i=$((i+1)); echo $i > round
              rm -rf ledger/merkle ledger/entries.idx
              d=$((i % 7000 + 2100))
              printf 'license,metric,period_start,period_end,value\nK-1,api-calls,%s-01-01,%s-01-01,%s\nK-1,active-seats,%s-01-01,%s-01-01,3\n' $d $d $i $d $d > u.csv
              '\(bin)' usage import u.csv --key bob.pem --json || exit 3
              '\(bin)' change propose seats --license K-1 --seats $((i % 50 + 3)) --reason "round $i" --key bob.pem --json >/dev/null || exit 4
            done
            """
        try "0".write(toFile: ws.path("round"), atomically: false, encoding: .utf8)
        var rng = SeededGenerator(seed: Self.seed &+ 1)
        var acknowledged: [Acknowledged] = []
        let rounds = max(3, Self.kills / 2)
        for round in 0..<rounds {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", loop]
            process.currentDirectoryURL = URL(fileURLWithPath: ws.dir.path)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            let start = try Self.fileSize(ws.path("ledger/entries.jsonl"))
            try process.run()
            let delay = UInt32(Int.random(in: 30_000...400_000, using: &rng))
            if round % 2 == 1 { Self.waitForGrowth(ws.path("ledger/entries.jsonl"), beyond: start) }
            usleep(delay)
            kill(-process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { acknowledged += try Self.parse(String(line)) }
            try ws.expectSuccess(["recover"])
            let lines = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")
            for ack in acknowledged {
                #expect(ack.seq < lines.count && Self.sha256(String(lines[Int(ack.seq)])) == ack.hash,
                        "round \(round): acknowledged entry \(ack.seq) is missing or changed (seed \(Self.seed))")
            }
            let verify = try ws.run(["verify", "--json"])
            #expect(verify.status == 0, "round \(round): \(verify.stdout) (seed \(Self.seed))")
        }
        #expect(!acknowledged.isEmpty, "the writer should have acknowledged imports between kills")

        // A first policy adoption killed at a random moment: afterwards it is either there or not, never half, and verify passes.
        var adopted = 0
        for round in 0..<rounds {
            let dir = try TemporaryDirectory("adopt")
            try CLI.run(["keys", "generate", "--out", "a.pem", "--no-encrypt"], in: dir)
            try CLI.run(["init", "--origin", "example.com/adopt", "--key", "a.pem"], in: dir)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: bin)
            process.arguments = ["policy", "adopt", PolicyCommandTests.policies, "--key", "a.pem"]
            process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Int.random(in: 1_000...120_000, using: &rng)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            try CLI.run(["recover"], in: dir)
            let entries = try String(contentsOfFile: dir.file("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")
            let present = entries.contains { $0.contains("\"type\":\"policy.adopt\"") }
            if said.contains("adopted policy") { #expect(present, "round \(round): an acknowledged adoption is missing") }
            if present { adopted += 1 }
            #expect(try CLI.run(["verify"], in: dir).status == 0, "round \(round)")
        }
        print("governed crash torture: \(rounds) kills during imports and cache rebuilds (\(acknowledged.count) acknowledged entries, 0 lost), "
              + "\(rounds) during policy adopt (\(adopted) completed, 0 half-written)")
    }

    static func parse(_ line: String) throws -> [Acknowledged] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return [] }
        if let seq = value["seq"] as? Int, let hash = value["hash"] as? String { return [Acknowledged(seq: Int64(seq), hash: hash)] }
        if let last = value["last_seq"] as? Int, let hash = value["last_hash"] as? String { return [Acknowledged(seq: Int64(last), hash: hash)] }
        return []
    }

    static func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Waits (up to 60 s) until the file at `path` holds more than `size` bytes.
    static func waitForGrowth(_ path: String, beyond size: Int) {
        for _ in 0..<6_000 {
            if ((try? fileSize(path)) ?? 0) > size { return }
            usleep(10_000)
        }
    }

    static func sha256(_ line: String) -> String {
        Hex.encode(SHA256.hash(Array(line.utf8)))
    }
}
