import Foundation
import Testing
import TestSupport

/// `tierledger copy` between the file store and PostgreSQL, both ways: the same bytes, the same
/// Merkle root, and a checkpoint signed on one verifying on the other.
@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresCopyTests {
    @Test func aLedgerMovesToPostgresAndBackByteForByte() throws {
        let ws = try CLIWorkspace()
        for i in 0..<12 {
            try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"i\":\(i),\"text\":\"caf\\u00e9 \(i)\"}", "--key", "bob.pem"])
        }
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "file.checkpoint"])
        let url = try PostgresTestServer.newLedgerURL("copy")
        let there = try ws.expectSuccess(["copy", "--from", "ledger", "--to", url])
        #expect(there.stdout.contains("copied 14 entries and 1 checkpoints"), "\(there.stdout)")
        // The file store's checkpoint verifies against PostgreSQL, and PostgreSQL's own against the file store.
        try ws.expectSuccess(["verify", "--ledger", url, "--checkpoint", "file.checkpoint"])
        try ws.expectSuccess(["append", "--ledger", url, "--type", "note.text", "--body", "{\"i\":99}", "--key", "bob.pem"])
        try ws.expectSuccess(["checkpoint", "--ledger", url, "--key", "admin.pem", "--out", "pg.checkpoint"])
        let back = try ws.expectSuccess(["copy", "--from", url, "--to", "returned"])
        #expect(back.stdout.contains("copied 15 entries and 2 checkpoints"), "\(back.stdout)")
        try ws.expectSuccess(["verify", "--ledger", "returned", "--checkpoint", "pg.checkpoint", "--checkpoint", "file.checkpoint"])
        // The first 14 lines are the original file's bytes exactly.
        let original = try Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/entries.jsonl")))
        let returned = try Data(contentsOf: URL(fileURLWithPath: ws.path("returned/entries.jsonl")))
        #expect(returned.prefix(original.count) == original)
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.path("returned/ledger.json")))
            == Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/ledger.json"))))
        // A destination that exists is refused, creating nothing.
        let again = try ws.run(["copy", "--from", "returned", "--to", url])
        #expect(again.status == 2 && again.stderr.contains("already exists"), "\(again.stderr)")
    }
}
