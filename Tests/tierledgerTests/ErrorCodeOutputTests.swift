import Foundation
import Testing
import TestSupport

/// Every error the command line prints carries its code, `error[CODE]: message`, and the exit
/// status follows the code's class: 1 for integrity, 2 for the rest.
@Suite struct ErrorCodeOutputTests {
    @Test func usageInputAndRuleErrorsNameTheirCodes() throws {
        let ws = try CLIWorkspace()
        // The argument parser's own error.
        let usage = try ws.run(["verify", "--no-such-option"])
        #expect(usage.status == 2)
        #expect(usage.stderr.hasPrefix("error[CLI-001]: "), "\(usage.stderr)")
        // A ledger that is not there: not found.
        let missing = try ws.run(["log", "--ledger", ws.path("nowhere")])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error[LDG-002]: "), "\(missing.stderr)")
        // A governance rule's refusal keeps the rule's code: bob is no admin, so he may not enrol.
        try ws.expectSuccess(["keys", "generate", "--out", "carol.pem", "--no-encrypt"])
        let refused = try ws.run(["principal", "enroll", "carol", "--role", "proposer", "--public-key", "carol.pem.pub", "--key", "bob.pem"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("error[GOV-002]: refused: "), "\(refused.stderr)")
        #expect(!refused.stderr.contains("\nerror"), "one error, printed once: \(refused.stderr)")
    }

    @Test func withJSONAnErrorIsOneJSONObjectWithCodeAndClass() throws {
        let ws = try CLIWorkspace()
        let missing = try ws.run(["verify", "--json", "--ledger", ws.path("nowhere")])
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        let line = try #require(missing.stderr.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(missing.stderr)")
        #expect(object["code"] as? String == "LDG-002")
        #expect(object["class"] as? String == "not-found")
        #expect(object["http_status"] as? Int == 404)
        #expect((object["message"] as? String)?.contains("is not a ledger") == true)
        #expect((object["remedy"] as? String)?.isEmpty == false)
        let usage = try ws.run(["verify", "--json", "--no-such-option"])
        #expect(usage.status == 2)
        #expect(usage.stderr.hasPrefix("{\"class\":\"input\",\"code\":\"CLI-001\""), "\(usage.stderr)")
    }

    @Test func damageExitsOneWithAnIntegrityCode() throws {
        let ws = try CLIWorkspace()
        // A line that is no entry after the last: reading on finds the ledger damaged.
        let entries = ws.path("ledger/entries.jsonl")
        let text = try String(contentsOfFile: entries, encoding: .utf8)
        try (text + "garbage\n").write(toFile: entries, atomically: false, encoding: .utf8)
        let result = try ws.run(["log"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error[LDG-006]: "), "\(result.stderr)")
    }
}
