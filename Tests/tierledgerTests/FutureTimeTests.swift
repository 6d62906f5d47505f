import Foundation
import Testing
import TestSupport

/// One entry dated far ahead would force every later entry to that date: the writer refuses it
/// unless the write says it imports records dated ahead, and `verify` notes such entries.
@Suite struct FutureTimeTests {
    static let farAhead = ["TIERLEDGER_TIME": "9999-01-01T00:00:00Z"]

    @Test func aTimeFarAheadOfTheClockIsRefusedAndNothingIsWritten() throws {
        let ws = try CLIWorkspace()
        let before = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8)
        let refused = try ws.run(["append", "--type", "license.note", "--body", "{\"n\":1}", "--key", "bob.pem"], environment: Self.farAhead)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("9999-01-01T00:00:00.000Z, more than 5 minutes after this machine's clock"))
        #expect(refused.stderr.contains("TIERLEDGER_ALLOW_FUTURE_TIME=1"))
        #expect(try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8) == before)
        // Governed writes go through the same writer.
        let enrol = try ws.run(["principal", "roles", "bob", "--add", "auditor", "--key", "admin.pem"], environment: Self.farAhead)
        #expect(enrol.status == 2, "\(enrol.stdout) \(enrol.stderr)")
        // A minute ahead is within the tolerance.
        let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(60))
        try ws.expectSuccess(["append", "--type", "license.note", "--body", "{\"n\":2}", "--key", "bob.pem"], environment: ["TIERLEDGER_TIME": soon])
    }

    @Test func initIsRefusedBeforeAnythingIsCreated() throws {
        let ws = try CLIWorkspace(initialise: false)
        try ws.expectSuccess(["keys", "generate", "--out", "admin.pem", "--no-encrypt"])
        let refused = try ws.run(["init", "--origin", "example.com/ahead", "--key", "admin.pem"], environment: Self.farAhead)
        #expect(refused.status == 2)
        #expect(!FileManager.default.fileExists(atPath: ws.path("ledger")))
    }

    @Test func anExplicitImportMayDateAheadAndVerifySaysSo() throws {
        let ws = try CLIWorkspace()
        var environment = Self.farAhead
        environment["TIERLEDGER_ALLOW_FUTURE_TIME"] = "1"
        try ws.expectSuccess(["append", "--type", "license.note", "--body", "{\"n\":1}", "--key", "bob.pem"], environment: environment)
        let verify = try ws.run(["verify"])
        #expect(verify.status == 0, "a future date is not damage: \(verify.stdout)")
        #expect(verify.stdout.contains("entries from 2 on are dated after this verification ran (entry 2: 9999-01-01T00:00:00.000Z"))
        // The clock is now behind the ledger: the next entry is dated after entry 2, and the writer says so.
        let next = try ws.expectSuccess(["append", "--type", "license.note", "--body", "{\"n\":2}", "--key", "bob.pem"])
        #expect(next.stderr.contains("before the ledger's last entry; entry 3 is dated 9999-01-01T00:00:00.000Z instead"))
        // Verified as of a moment after those dates, nothing is noted.
        let later = try ws.run(["verify"], environment: ["TIERLEDGER_TIME": "9999-06-01"])
        #expect(later.status == 0)
        #expect(!later.stdout.contains("dated after"))
    }
}
