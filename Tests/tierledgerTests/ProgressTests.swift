import Foundation
import Testing
import TestSupport

/// Long commands draw one progress line (entries, share, rate, time left) on a terminal, and stay
/// quiet when piped or given --quiet. `script` gives the command a terminal.
@Suite struct ProgressTests {
    static let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// Runs `arguments` under a pseudo-terminal; returns what the terminal showed.
    func onTerminal(_ ws: CLIWorkspace, _ arguments: [String]) throws -> String {
        let command = ([CLI.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try ProcessRunner.run("/usr/bin/script", ["-qec", command, "/dev/null"], directory: ws.dir.path)
        #expect(result.status == 0, "\(arguments): \(result.stdout) \(result.stderr)")
        return result.stdout
    }

    @Test(.enabled(if: hasScript, "needs script(1) from util-linux for a pseudo-terminal"))
    func verifyBatchAppendAndReportsShowProgressOnATerminalOnly() throws {
        let ws = try CLIWorkspace()
        var batch = ""
        for i in 0..<3_000 { batch += "{\"type\":\"usage.snapshot\",\"body\":{\"i\":\(i)}}\n" }
        try batch.write(toFile: ws.path("batch.jsonl"), atomically: false, encoding: .utf8)

        let append = try onTerminal(ws, ["append", "--batch", "batch.jsonl", "--key", "bob.pem"])
        #expect(append.contains("entries signed ("), "\(append)")
        #expect(append.contains("/s, about"))
        let verify = try onTerminal(ws, ["verify"])
        #expect(verify.contains("entries ("), "\(verify)")
        let report = try onTerminal(ws, ["report", "changelog", "--format", "json", "--out", "log.json"])
        #expect(report.contains("entries verified ("), "\(report)")
        let checkpoint = try onTerminal(ws, ["checkpoint", "--key", "admin.pem"])
        #expect(checkpoint.contains("entries ("), "\(checkpoint)")

        // Quiet when asked, and when the output is not a terminal.
        #expect(!(try onTerminal(ws, ["verify", "--quiet"])).contains("entries ("))
        #expect(!(try onTerminal(ws, ["report", "audit", "--quiet", "--out", "a.md"])).contains("entries verified ("))
        let piped = try ws.expectSuccess(["verify"])
        #expect(!piped.stderr.contains("entries ("))
        let pipedBatch = try ws.expectSuccess(["append", "--batch", "batch.jsonl", "--key", "bob.pem"])
        #expect(!pipedBatch.stderr.contains("entries signed"))
    }
}
