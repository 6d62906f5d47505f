import Foundation
import Testing
import TestSupport

@Suite struct BatchAppendTests {
    func entriesFileSize(_ ws: CLIWorkspace) throws -> Int {
        try Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/entries.jsonl"))).count
    }

    @Test func aBatchLandsWholeAndVerifies() throws {
        let ws = try CLIWorkspace()
        var text = ""
        for i in 0..<10_000 {
            text += "{\"type\":\"usage.snapshot\",\"body\":{\"license\":\"L-\(i % 50)\",\"metric\":\"api-calls\",\"value\":\(i * 7)}}\n"
            if i == 5 { text += "\n" }   // blank lines are skipped
        }
        try text.write(toFile: ws.path("batch.jsonl"), atomically: false, encoding: .utf8)
        let result = try ws.expectSuccess(["append", "--batch", "batch.jsonl", "--key", "bob.pem", "--json"])
        #expect(result.stdout.contains("\"first_seq\":2"))
        #expect(result.stdout.contains("\"last_seq\":10001"))
        #expect(result.stdout.contains("\"count\":10000"))
        let verify = try ws.expectSuccess(["verify", "--json"])
        #expect(verify.stdout.contains("\"verified_entries\":10002"))
        // From standard input too.
        let piped = try ws.run(["append", "--batch", "-", "--key", "admin.pem"],
                               stdin: Array("{\"type\":\"note.text\",\"body\":{\"a\":1}}\n{\"type\":\"note.text\",\"body\":{\"a\":2}}\n".utf8))
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("appended entries 10002 to 10003"))
    }

    @Test func aBadLineIsNamedAndNothingIsWritten() throws {
        let ws = try CLIWorkspace()
        let before = try entriesFileSize(ws)
        let cases: [(String, String)] = [
            ("{\"type\":\"note.text\",\"body\":{}}\n{\"type\":\"note.text\",\"body\":{\"x\":1.5}}\n", "batch.jsonl:2: invalid JSON"),
            ("{\"type\":\"note.text\",\"body\":{}}\n\n{\"type\":\"Note\",\"body\":{}}\n", "batch.jsonl:3: entry type"),
            ("{\"type\":\"note.text\"}\n", "batch.jsonl:1: each line must be"),
            // Valid JSON, but bob (operator) may not enrol principals: the rules refuse line 2.
            ("{\"type\":\"note.text\",\"body\":{}}\n{\"type\":\"principal.revoke\",\"body\":{\"name\":\"admin\",\"reason\":\"x\"}}\n",
             "batch.jsonl:2: refused"),
        ]
        for (text, message) in cases {
            try text.write(toFile: ws.path("batch.jsonl"), atomically: false, encoding: .utf8)
            let result = try ws.run(["append", "--batch", "batch.jsonl", "--key", "bob.pem"])
            #expect(result.status == 2, "\(message)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.contains("nothing"))
            #expect(try entriesFileSize(ws) == before)
        }
        let mixed = try ws.run(["append", "--batch", "batch.jsonl", "--type", "x", "--key", "bob.pem"])
        #expect(mixed.status == 2)
    }
}
