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
            try process.run()
            let delay = UInt32(Int.random(in: 30_000...600_000, using: &rng))
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
        #expect(acknowledged.count > Self.kills, "the writer should have acknowledged entries between kills")
        print("crash torture: \(Self.kills) kills (seed \(Self.seed)), \(acknowledged.count) acknowledged entries checked, 0 lost, \(tornTails) torn tails quarantined")
    }

    static func parse(_ line: String) throws -> [Acknowledged] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return [] }
        if let seq = value["seq"] as? Int, let hash = value["hash"] as? String { return [Acknowledged(seq: Int64(seq), hash: hash)] }
        if let last = value["last_seq"] as? Int, let hash = value["last_hash"] as? String { return [Acknowledged(seq: Int64(last), hash: hash)] }
        return []
    }

    static func sha256(_ line: String) -> String {
        Hex.encode(SHA256.hash(Array(line.utf8)))
    }
}
