import Foundation
import Testing
import TestSupport

/// docs/format.md promises that an entry can be checked with standard tools alone;
/// scripts/check-entry-by-hand.sh is that procedure, run here against real entries.
@Suite struct ByHandCheckTests {
    static let script = Fixtures.repositoryRoot + "/scripts/check-entry-by-hand.sh"

    @Test func entriesVerifyWithOpenSSLAndSedAlone() throws {
        let ws = try CLIWorkspace()
        // A body that also holds a member named "sig", to show the procedure finds the top-level one.
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"a\":1,\"sig\":\"AAAA\",\"text\":\"x\"}", "--key", "bob.pem"])
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"text\":\"by the admin\"}", "--key", "admin.pem"])
        let lines = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")
        for (seq, key) in [(0, "admin.pem.pub"), (2, "bob.pem.pub"), (3, "admin.pem.pub")] {
            let result = try ProcessRunner.run("/bin/sh", [Self.script, "ledger", String(seq), key], directory: ws.dir.path)
            #expect(result.status == 0, "entry \(seq): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("Verified"))
            // The hash it prints is the next entry's prev.
            if seq + 1 < lines.count {
                let hash = result.stdout.split(separator: "\n").first { $0.contains("sha256") }?.split(separator: " ").last
                #expect(lines[seq + 1].contains("\"prev\":\"\(hash ?? "")\""))
            }
        }
        let wrongKey = try ProcessRunner.run("/bin/sh", [Self.script, "ledger", "2", "admin.pem.pub"], directory: ws.dir.path)
        #expect(wrongKey.status != 0)
    }

    @Test func aChangedEntryFailsTheHandCheck() throws {
        let ws = try CLIWorkspace()
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"seats\":25}", "--key", "bob.pem"])
        let path = ws.path("ledger/entries.jsonl")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"seats\":25", with: "\"seats\":26")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try ProcessRunner.run("/bin/sh", [Self.script, "ledger", "2", "bob.pem.pub"], directory: ws.dir.path)
        #expect(result.status != 0)
    }
}
