import Foundation
import Testing
import TestSupport

/// The guides in docs/guides show real commands with their real output on the sample ledger. Each
/// ```console block after a `<!-- run -->` line is run here, in order, in a fresh copy of
/// ledger-samples/acme, and every output must match the guide to the byte. With
/// TIERLEDGER_WRITE_SAMPLES=1 the guides' outputs are rewritten from what the commands print.
@Suite struct GuideTests {
    static let guides = ["approver", "compliance-officer", "auditor", "operator"]
    /// The instant every guide is written at.
    static let now = "2027-01-25T09:00:00Z"

    struct Step {
        var command: String
        var output: [String]
    }

    /// The console blocks of a guide: their line ranges and steps.
    static func blocks(_ lines: [String]) -> [(range: Range<Int>, steps: [Step])] {
        var out: [(Range<Int>, [Step])] = []
        var i = 0
        while i < lines.count {
            guard lines[i] == "<!-- run -->", i + 1 < lines.count, lines[i + 1] == "```console" else { i += 1; continue }
            let start = i + 2
            var end = start
            while end < lines.count && lines[end] != "```" { end += 1 }
            var steps: [Step] = []
            for line in lines[start..<end] {
                if line.hasPrefix("$ ") {
                    steps.append(Step(command: String(line.dropFirst(2)), output: []))
                } else if !steps.isEmpty {
                    steps[steps.count - 1].output.append(line)
                }
            }
            out.append((start..<end, steps))
            i = end + 1
        }
        return out
    }

    @Test(arguments: guides) func theGuideShowsWhatTheCommandsPrint(_ guide: String) throws {
        let write = ProcessInfo.processInfo.environment["TIERLEDGER_WRITE_SAMPLES"] == "1"
        let path = Fixtures.repositoryRoot + "/docs/guides/\(guide).md"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let dir = try TemporaryDirectory("guide")
        let setup = try ProcessRunner.shell("cp -r '\(Fixtures.repositoryRoot)/ledger-samples/acme' acme && rm -rf acme/ledger/merkle acme/ledger/entries.idx acme/ledger/writer.lock && chmod 600 acme/keys/*.pem",
                                            directory: dir.path)
        #expect(setup.status == 0, "\(setup.stderr)")
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let environment = ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                           "TIERLEDGER_TIME": Self.now, "TIERLEDGER_ALLOW_FUTURE_TIME": "1", "TIERLEDGER_DIR": "ledger", "TIERLEDGER_PASSPHRASE": "", "COLUMNS": "100"]
        let blocks = Self.blocks(lines)
        #expect(!blocks.isEmpty, "\(guide).md has no <!-- run --> blocks")
        var rewritten: [(Range<Int>, [String])] = []
        for (range, steps) in blocks {
            var text: [String] = []
            for step in steps {
                let result = try ProcessRunner.shell(step.command, directory: dir.file("acme"), environment: environment)
                var printed = (result.stdout + result.stderr).components(separatedBy: "\n")
                while printed.last == "" { printed.removeLast() }
                if result.status != 0 { printed.append("(exit status \(result.status))") }
                text.append("$ " + step.command)
                text += printed
                if !write {
                    #expect(printed == step.output, "\(guide).md: `\(step.command)` prints something else now; rerun with TIERLEDGER_WRITE_SAMPLES=1")
                }
            }
            rewritten.append((range, text))
        }
        if write {
            for (range, text) in rewritten.reversed() { lines.replaceSubrange(range, with: text) }
            try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        }
    }
}
