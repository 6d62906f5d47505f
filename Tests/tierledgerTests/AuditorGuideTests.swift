import Foundation
import Testing
import TestSupport

/// docs/auditor-guide.md's independent verifier (standard-library Python, written from RFC 9162)
/// agrees with tierledger on real proofs, and rejects altered ones.
@Suite struct AuditorGuideTests {
    static func verifierSource() throws -> String {
        let doc = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/auditor-guide.md", encoding: .utf8)
        let start = try #require(doc.range(of: "<!-- independent-verifier -->\n```python\n"))
        let end = try #require(doc[start.upperBound...].range(of: "\n```"))
        return String(doc[start.upperBound..<end.lowerBound]) + "\n"
    }

    @Test func theGuidesPythonVerifierAgreesWithTierledger() throws {
        let ws = try CLIWorkspace()
        for i in 0..<11 { try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"i\":\(i)}", "--key", "admin.pem"]) }
        try Self.verifierSource().write(toFile: ws.path("verify_proof.py"), atomically: false, encoding: .utf8)
        func python(_ args: [String]) throws -> ProcessResult {
            try ProcessRunner.run("python3", [ws.path("verify_proof.py")] + args, directory: ws.dir.path)
        }
        for (seq, size) in [(0, 1), (4, 7), (12, 13), (5, 13)] {
            try ws.run(["proof", "inclusion", String(seq), "--size", String(size), "--json"]).stdout
                .write(toFile: ws.path("inc.json"), atomically: false, encoding: .utf8)
            try ws.run(["log", "--json", "--from", String(seq), "--to", String(seq)]).stdout
                .write(toFile: ws.path("entry.jsonl"), atomically: false, encoding: .utf8)
            #expect(try python(["inc.json", "entry.jsonl"]).stdout == "OK\n", "inclusion \(seq) of \(size)")
            try ws.run(["log", "--json", "--from", String((seq + 1) % size), "--to", String((seq + 1) % size)]).stdout
                .write(toFile: ws.path("other.jsonl"), atomically: false, encoding: .utf8)
            if size > 1 { #expect(try python(["inc.json", "other.jsonl"]).status == 1) }
        }
        for (old, new) in [(1, 13), (7, 10), (8, 13), (13, 13), (0, 5)] {
            let proof = try ws.run(["proof", "consistency", String(old), String(new), "--json"]).stdout
            try proof.write(toFile: ws.path("cons.json"), atomically: false, encoding: .utf8)
            #expect(try python(["cons.json"]).stdout == "OK\n", "consistency \(old) to \(new)")
            if old > 0 && old < new {
                let altered = proof.replacingOccurrences(of: "\"first_size\":\(old)", with: "\"first_size\":\(old + 1)")
                try altered.write(toFile: ws.path("bad.json"), atomically: false, encoding: .utf8)
                #expect(try python(["bad.json"]).status == 1)
            }
        }
    }
}
