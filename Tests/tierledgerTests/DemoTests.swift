import Foundation
import Testing
import TestSupport

/// `make demo` is the README's first promise; the story it tells must keep working, its commands
/// must paste as printed, and its ledger is left for the user to try more.
@Suite struct DemoTests {
    static let script = Fixtures.repositoryRoot + "/scripts/demo.sh"

    @Test func theDemoStoryRunsToTheEndAndItsCommandsPasteAsPrinted() throws {
        let scratch = try TemporaryDirectory("demo")
        let result = try ProcessRunner.run("/bin/sh", [Self.script, CLI.binary], environment: ["TMPDIR": scratch.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("intact: ledger"))
        #expect(result.stdout.contains("first bad entry: 2"))
        #expect(result.stdout.contains("FAILED (truncated)"))
        #expect(result.stdout.contains("valid: entry 2 is in the tree of 5 entries"))
        #expect(result.stdout.contains("Verified OK"))
        #expect(result.stderr.contains("written to auditor.checkpoint"))
        // Into a pipe: no terminal escapes.
        #expect(!result.stdout.contains("\u{1B}"))
        // The ledger is kept, and the demo says where.
        let kept = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        #expect(kept.count == 1)
        let work = scratch.file(kept.first ?? "")
        #expect(FileManager.default.fileExists(atPath: work + "/ledger/entries.jsonl"))
        #expect(result.stdout.contains("kept in \(work)"))

        // Every "$ " line, run in order in a new directory, does what the demo did.
        let commands = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("$ ") }.map { String($0.dropFirst(2)) }
        #expect(commands.count > 25)
        #expect(!commands.contains { $0.contains("{\"customer\"") && !$0.contains("'{\"customer\"") }, "JSON printed unquoted")
        let again = try TemporaryDirectory("demo-pasted")
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let pasted = try ProcessRunner.run("/bin/sh", ["-c", "export PATH='\(bin)':\"$PATH\"\n" + commands.joined(separator: "\n") + "\n"],
                                           directory: again.path)
        #expect(pasted.status == 0, "\(pasted.stderr)")
        #expect(!pasted.stderr.contains("not found"), "\(pasted.stderr)")
        for expected in ["first bad entry: 2", "FAILED (truncated)", "valid: entry 2 is in the tree of 5 entries", "Verified OK",
                         "Signature Verified Successfully"] {
            #expect(pasted.stdout.contains(expected), "pasted: no \(expected)")
        }
    }

    /// Colour on a terminal, unless NO_COLOR is set. (A binary that fails stops the demo after its
    /// first heading, which is all this needs.)
    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let scratch = try TemporaryDirectory("demo-tty")
        let command = "sh '\(Self.script)' /bin/false"
        // Whatever the test run's own environment says about colour.
        let tty = try ProcessRunner.run("env", ["-u", "NO_COLOR", "script", "-qec", command, "/dev/null"], environment: ["TMPDIR": scratch.path])
        #expect(tty.stdout.contains("\u{1B}[1m== 1. Keys"), "\(tty.stdout)")
        let plain = try ProcessRunner.run("script", ["-qec", command, "/dev/null"], environment: ["TMPDIR": scratch.path, "NO_COLOR": "1"])
        #expect(plain.stdout.contains("== 1. Keys"), "\(plain.stdout)")
        #expect(!plain.stdout.contains("\u{1B}"))
        // It stopped, and said where its files are.
        #expect(tty.stdout.contains("demo: stopped"))
    }
}
