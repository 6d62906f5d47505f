import Foundation
import Testing
import TestSupport

/// The README's tour is a promise to a newcomer: it runs as written, top to bottom.
@Suite struct ReadmeTourTests {
    @Test func theTourRunsAsWritten() throws {
        let readme = try String(contentsOfFile: Fixtures.repositoryRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- tour -->\n```sh\n"))
        let end = try #require(readme[start.upperBound...].range(of: "\n```"))
        let tour = String(readme[start.upperBound..<end.lowerBound])
        let dir = try TemporaryDirectory("tour")
        try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/policies", toPath: dir.file("policies"))
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let script = "set -eu\nexport PATH='\(bin)':\"$PATH\"\n" + tour + "\n"
        let result = try ProcessRunner.run("/bin/sh", ["-c", script], directory: dir.path)
        #expect(result.status == 0, "the tour stopped: \(result.stderr)\n--- stdout ---\n\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("policies OK: 4 tiers"))
        #expect(result.stdout.contains("checkpoint q3.checkpoint: consistent"))
        #expect(result.stdout.contains("valid: entry 10 is in the tree of 13 entries"))
        #expect(result.stdout.contains("— auditor.example/w1 "))
        #expect(result.stdout.contains("applied CR-5 to ACME-1"))
    }
}
