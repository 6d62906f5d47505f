import Foundation
import Testing
import TestSupport

/// bench/peer/verify.py, written from docs/format.md alone, agrees with `verify` on every verdict
/// within its scope (the format: canonical form, sequence, chain, time, signatures).
@Suite struct PeerVerifierTests {
    static let peer = Fixtures.repositoryRoot + "/bench/peer/verify.py"

    /// (intact, first bad seq) from `verify --json` and from the peer.
    static func verdicts(_ ledger: String) throws -> (ours: (Bool, Int64?), theirs: (Bool, Int64?)) {
        let ours = try ProcessRunner.run(CLI.binary, ["verify", "--ledger", ledger, "--json", "--quiet"])
        let theirs = try ProcessRunner.run("python3", [peer, ledger, "--json"])
        #expect(theirs.status == ours.status, "\(ledger): \(theirs.stdout) \(theirs.stderr) vs \(ours.stdout)")
        func read(_ text: String) -> (Bool, Int64?) {
            let intact = text.contains("\"intact\":true") || text.contains("\"intact\": true")
            let seq = text.range(of: #""seq": ?[0-9]+"#, options: .regularExpression).flatMap { Int64(text[$0].split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") }
            return (intact, seq)
        }
        return (read(ours.stdout), read(theirs.stdout))
    }

    @Test func agreesOnTheSampleAndItsDamagedCopies() throws {
        // Copies without caches: verify writes caches beside a ledger, and other tests read these at the same time.
        let dir = try TemporaryDirectory("peer")
        let copy = try ProcessRunner.shell("""
            cp -r '\(Fixtures.repositoryRoot)/ledger-samples/acme/ledger' acme && cp -r '\(Fixtures.repositoryRoot)/ledger-samples/tampered' tampered \
              && rm -rf acme/merkle acme/entries.idx tampered/*/merkle tampered/*/entries.idx
            """, directory: dir.path)
        #expect(copy.status == 0, "\(copy.stderr)")
        let (ours, theirs) = try Self.verdicts(dir.file("acme"))
        #expect(ours.0 && theirs.0)
        for name in ["edited-body", "deleted-entry", "swapped-entries", "non-canonical", "high-s"] {
            let (ours, theirs) = try Self.verdicts(dir.file("tampered/\(name)"))
            #expect(!ours.0 && !theirs.0, "\(name)")
            #expect(ours.1 != nil && ours.1 == theirs.1, "\(name): verify names entry \(String(describing: ours.1)), the peer \(String(describing: theirs.1))")
        }
    }

    @Test func agreesOnP256SignersAndFreshDamage() throws {
        let ws = try CLIWorkspace()   // admin (Ed25519); bob (P-256) enrolled
        for i in 0..<5 {
            try ws.expectSuccess(["append", "--type", "license.note", "--body", "{\"n\":\(i),\"text\":\"caf\\u00e9 \\\"x\\\" \\u2028\"}", "--key", "bob.pem"])
        }
        let ledger = ws.path("ledger")
        let (ours, theirs) = try Self.verdicts(ledger)
        #expect(ours.0 && theirs.0)
        let path = ledger + "/entries.jsonl"
        let original = try #require(FileManager.default.contents(atPath: path))
        // A forged signature on entry 4 (bob's, P-256), then a body edit on entry 3.
        var text = String(decoding: original, as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        let sig = try #require(lines[4].range(of: "\"sig\":\"M"))
        lines[4].replaceSubrange(sig, with: "\"sig\":\"N")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        var verdict = try Self.verdicts(ledger)
        #expect(verdict.ours.1 == 4 && verdict.theirs.1 == 4)
        text = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\"n\":3", with: "\"n\":33")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        verdict = try Self.verdicts(ledger)
        #expect(verdict.ours.1 == 5 && verdict.theirs.1 == 5)
    }
}
