import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct CheckpointCommandTests {
    func workspace(entries: Int) throws -> CLIWorkspace {
        let ws = try CLIWorkspace()
        for i in 0..<entries {
            try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"i\":\(i)}", "--key", i % 2 == 0 ? "bob.pem" : "admin.pem"])
        }
        return ws
    }

    @Test func anAuditorProvesInclusionAndHistoryFromFilesAlone() throws {
        let ws = try workspace(entries: 8)
        let note = try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "cp.txt"])
        #expect(note.stdout.hasPrefix("example.com/cli-test\n10\n"))
        #expect(note.stderr.contains("stored in ./ledger/checkpoints/10.checkpoint and written to cp.txt"), "\(note.stderr)")
        #expect(FileManager.default.fileExists(atPath: ws.path("ledger/checkpoints/10.checkpoint")))
        let vkey = try ws.expectSuccess(["keys", "show", "admin.pem.pub", "--vkey", "--name", "example.com/cli-test"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(vkey.hasPrefix("example.com/cli-test+"))
        try ws.expectSuccess(["checkpoint", "verify", "cp.txt", "--vkey", vkey])

        // Proof files, checked in a directory with no ledger at all.
        try ws.run(["proof", "inclusion", "4", "--size", "10", "--json"]).stdout.write(toFile: ws.path("inc.json"), atomically: false, encoding: .utf8)
        try ws.run(["log", "--json", "--from", "4", "--to", "4"]).stdout.write(toFile: ws.path("entry4.jsonl"), atomically: false, encoding: .utf8)
        try ws.run(["log", "--json", "--from", "5", "--to", "5"]).stdout.write(toFile: ws.path("entry5.jsonl"), atomically: false, encoding: .utf8)
        let auditor = try TemporaryDirectory("auditor")
        for name in ["inc.json", "entry4.jsonl", "entry5.jsonl", "cp.txt"] {
            try FileManager.default.copyItem(atPath: ws.path(name), toPath: auditor.file(name))
        }
        let ok = try CLI.run(["proof", "verify", "inc.json", "--entry", "entry4.jsonl", "--checkpoint", "cp.txt", "--vkey", vkey], in: auditor)
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        let wrongEntry = try CLI.run(["proof", "verify", "inc.json", "--entry", "entry5.jsonl", "--checkpoint", "cp.txt", "--vkey", vkey], in: auditor)
        #expect(wrongEntry.status == 1)
        #expect(wrongEntry.stdout.contains("INVALID"))
        let noKey = try CLI.run(["proof", "verify", "inc.json", "--checkpoint", "cp.txt"], in: auditor)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("--vkey"))

        // Grow the ledger; the consistency proof ties the old checkpoint to the new one.
        for i in 0..<5 { try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"later\":\(i)}", "--key", "admin.pem"]) }
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "cp2.txt"])
        try ws.run(["proof", "consistency", "10", "15", "--json"]).stdout.write(toFile: ws.path("cons.json"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["proof", "verify", "cons.json", "--checkpoint", "cp.txt"])
        try ws.expectSuccess(["proof", "verify", "cons.json", "--checkpoint", "cp2.txt"])
        // The same proof claimed for another log does not match this log's checkpoint.
        let consistency = try String(contentsOfFile: ws.path("cons.json"), encoding: .utf8)
        try consistency.replacingOccurrences(of: "\"origin\":\"example.com/cli-test\"", with: "\"origin\":\"example.com/other-log\"")
            .write(toFile: ws.path("other.json"), atomically: false, encoding: .utf8)
        let otherLog = try ws.run(["proof", "verify", "other.json", "--checkpoint", "cp.txt"])
        #expect(otherLog.status == 1)
        #expect(otherLog.stdout.contains("the proof is for log example.com/other-log"))
        let verify = try ws.expectSuccess(["verify", "--checkpoint", "cp.txt", "--checkpoint", "cp2.txt", "--json"])
        #expect(verify.stdout.contains("\"status\":\"consistent\""))
        #expect(!verify.stdout.contains("\"status\":\"truncated\""))
    }

    @Test func verifyAgainstACheckpointCatchesTruncationAndForgery() throws {
        let ws = try workspace(entries: 6)
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "held.txt"])
        // Drop the last two entries (and the caches a careful attacker would also drop).
        let path = ws.path("ledger/entries.jsonl")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(6).joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        try ws.expectSuccess(["verify"])
        let caught = try ws.run(["verify", "--checkpoint", "held.txt"])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("FAILED (truncated)"))
        // The verdict comes first, and it is not "intact".
        #expect(caught.stdout.hasPrefix("FAILED: ./ledger (origin example.com/cli-test): a checkpoint held does not check out"), "\(caught.stdout)")
        #expect(!caught.stdout.contains("intact:"))
        let both = try ws.run(["verify", "--checkpoint", "held.txt", "--checkpoint", "held.txt"])
        #expect(both.stdout.hasPrefix("FAILED: ./ledger (origin example.com/cli-test): 2 checkpoints held do not check out"), "\(both.stdout)")

        // A checkpoint signed by another key is refused.
        try ws.expectSuccess(["keys", "generate", "--out", "mallory.pem", "--no-encrypt"])
        let forged = try ws.run(["checkpoint", "--key", "mallory.pem"])
        #expect(forged.status == 2)
        #expect(forged.stderr.contains("not the ledger's log key"))
        let text = try String(contentsOfFile: ws.path("held.txt"), encoding: .utf8).replacingOccurrences(of: "\n8\n", with: "\n9\n")
        try text.write(toFile: ws.path("altered.txt"), atomically: false, encoding: .utf8)
        let altered = try ws.run(["checkpoint", "verify", "altered.txt"])
        #expect(altered.status == 1)
        #expect(try ws.run(["verify", "--checkpoint", "altered.txt"]).status == 1)
    }

    /// `checkpoint` leans on the last checkpoint's word that the entries below it verified;
    /// `checkpoint --full` checks every signature. Here the log key has vouched for a last entry
    /// whose signature fails: only --full refuses.
    @Test func fullTakesNoEarlierCheckpointsWord() throws {
        let ws = try workspace(entries: 4)
        let logKey = try PrivateKey(pem: String(contentsOfFile: ws.path("admin.pem"), encoding: .utf8))
        let last = try VouchedDamage.make(ledger: ws.path("ledger"), logKey: logKey)
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"i\":99}", "--key", "bob.pem"])

        let refused = try ws.run(["checkpoint", "--full", "--key", "admin.pem"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing signed: entry \(last) "), "\(refused.stderr)")
        let leaning = try ws.expectSuccess(["checkpoint", "--key", "admin.pem"])
        #expect(leaning.stderr.contains("signatures checked from entry \(last + 1), after checkpoints/\(last + 1).checkpoint"),
                "\(leaning.stderr)")
        #expect(try ws.run(["verify"]).status == 1)
    }

    @Test func aWitnessCosignsOnlyConsistentHistory() throws {
        let ws = try workspace(entries: 3)
        try ws.expectSuccess(["keys", "generate", "--out", "witness.pem", "--no-encrypt"])
        let witnessVkey = try ws.expectSuccess(["keys", "show", "witness.pem.pub", "--vkey", "--cosigner", "--name", "w.example/1"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "cp5.txt"])
        try ws.expectSuccess(["checkpoint", "cosign", "cp5.txt", "--key", "witness.pem", "--name", "w.example/1", "--state", "w.json", "--out", "cp5w.txt"])
        let checked = try ws.expectSuccess(["checkpoint", "verify", "cp5w.txt", "--witness", witnessVkey])
        #expect(checked.stdout.contains("cosigned by w.example/1"))
        // Without the witness's line, a quorum of one fails.
        let missing = try ws.run(["checkpoint", "verify", "cp5.txt", "--witness", witnessVkey, "--quorum", "1"])
        #expect(missing.status == 1)

        for i in 0..<3 { try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"j\":\(i)}", "--key", "admin.pem"]) }
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "cp8.txt"])
        // Growth is proven from the ledger here (a witness could also be handed --proof).
        try ws.expectSuccess(["checkpoint", "cosign", "cp8.txt", "--key", "witness.pem", "--name", "w.example/1", "--state", "w.json"])
        let rollback = try ws.run(["checkpoint", "cosign", "cp5.txt", "--key", "witness.pem", "--name", "w.example/1", "--state", "w.json"])
        #expect(rollback.status == 1)
        #expect(rollback.stderr.contains("roll the log back"))
    }

    /// `proof` prints nothing a node cache made up: it checks against the entries and rebuilds the cache.
    @Test func proofsNeverComeFromAFalseNodeCache() throws {
        let ws = try workspace(entries: 62)   // 64 entries
        let root = try ws.expectSuccess(["proof", "inclusion", "5", "--json"]).stdout
        try MerkleCacheForgery.forge(try FileLedger.open(ws.path("ledger")), leaf: 5)
        let again = try ws.expectSuccess(["proof", "inclusion", "5", "--json"])
        #expect(again.stdout == root)
        #expect(again.stderr.contains("the Merkle node cache did not match the entries; it was rebuilt"))
        try MerkleCacheForgery.forge(try FileLedger.open(ws.path("ledger")), leaf: 5)
        let consistency = try ws.expectSuccess(["proof", "consistency", "3", "--json"])
        #expect(consistency.stderr.contains("rebuilt"))
        try consistency.stdout.write(toFile: ws.path("cons.json"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "cp.txt"])
        try ws.expectSuccess(["proof", "verify", "cons.json", "--checkpoint", "cp.txt"])
    }

    @Test func proofArgumentsOutOfRangeAreUsageErrors() throws {
        let ws = try workspace(entries: 2)
        let beyond = try ws.run(["proof", "inclusion", "9"])
        #expect(beyond.status == 2)
        #expect(beyond.stderr.contains("not in a tree of 4 entries"))
        let backwards = try ws.run(["proof", "consistency", "3", "2"])
        #expect(backwards.status == 2)
        let tooBig = try ws.run(["proof", "consistency", "1", "40"])
        #expect(tooBig.status == 2)
        #expect(tooBig.stderr.contains("larger than the ledger"))
    }
}
