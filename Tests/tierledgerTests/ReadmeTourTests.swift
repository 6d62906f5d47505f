import Foundation
import Testing
import TestSupport

/// The README's tour is a promise to a newcomer: it runs as written, top to bottom, from the
/// repository root, and leaves nothing behind in the checkout.
@Suite struct ReadmeTourTests {
    @Test func theTourRunsAsWrittenAndLeavesTheCheckoutAlone() throws {
        let root = Fixtures.repositoryRoot
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- tour -->\n```sh\n"))
        let end = try #require(readme[start.upperBound...].range(of: "\n```"))
        let tour = String(readme[start.upperBound..<end.lowerBound])
        // mktemp -d makes the tour's scratch directory under TMPDIR: here, one this test removes.
        let scratch = try TemporaryDirectory("tour")
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let script = "set -eu\nexport PATH='\(bin)':\"$PATH\"\n" + tour + "\n"
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: root))
        let result = try ProcessRunner.run("/bin/sh", ["-c", script], environment: ["TMPDIR": scratch.path], directory: root)
        #expect(result.status == 0, "the tour stopped: \(result.stderr)\n--- stdout ---\n\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("policies OK: 4 tiers"))
        #expect(result.stdout.contains("checkpoint q3.checkpoint: consistent"))
        #expect(result.stdout.contains("valid: entry 10 is in the tree of 13 entries"))
        #expect(result.stdout.contains("— auditor.example/w1 "))
        #expect(result.stdout.contains("applied CR-5 to ACME-1"))

        // Everything it wrote is in the scratch directory; nothing new is in the checkout.
        let added = Set(try FileManager.default.contentsOfDirectory(atPath: root)).subtracting(before)
        #expect(added.isEmpty, "the tour left \(added.sorted()) in the checkout")
        let made = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        #expect(made.count == 1)
        let work = scratch.file(made.first ?? "")
        for file in ["admin.pem", "ledger/entries.jsonl", "q3.checkpoint", "audit.html.sig"] {
            #expect(FileManager.default.fileExists(atPath: work + "/" + file), "\(file)")
        }
        #expect(result.stdout.contains("are in \(work)"))
    }

    /// Tour outputs at the root of a checkout (the tour run by hand without its first lines) are ignored,
    /// private keys above all.
    @Test func privateKeysAtTheRootAreIgnored() throws {
        let ignore = try String(contentsOfFile: Fixtures.repositoryRoot + "/.gitignore", encoding: .utf8)
        let lines = Set(ignore.split(separator: "\n").map(String.init))
        for pattern in ["/*.pem", "/*.pem.pub", "/ledger/", "/*.checkpoint"] { #expect(lines.contains(pattern), "\(pattern)") }
    }
}
