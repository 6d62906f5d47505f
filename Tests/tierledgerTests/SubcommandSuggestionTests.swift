import Foundation
import Testing
import TestSupport

/// A mistyped subcommand, at any level, gets "did you mean", as a mistyped option does; exit 2.
@Suite struct SubcommandSuggestionTests {
    @Test func theIssuesExamples() throws {
        let dir = try TemporaryDirectory("typo")
        let verify = try CLI.run(["verfy"], in: dir)
        #expect(verify.status == 2)
        #expect(verify.stderr.hasPrefix("error[CLI-001]: Unknown subcommand 'verfy'. Did you mean 'verify'?\nUsage: tierledger <subcommand>\n"), "\(verify.stderr)")
        // Options after the typo do not hide it behind "Unknown option '--key'".
        let approve = try CLI.run(["change", "aprove", "CR-5", "--key", "dana.pem", "--yes"], in: dir)
        #expect(approve.status == 2)
        #expect(approve.stderr.contains("Did you mean 'approve'?"), "\(approve.stderr)")
        #expect(approve.stderr.contains("See 'tierledger change --help'"))
        // A command with a default subcommand (checkpoint → create) still hears of its siblings.
        let cosign = try CLI.run(["checkpoint", "cosgin", "q3.checkpoint"], in: dir)
        #expect(cosign.stderr.contains("Did you mean 'cosign'?"), "\(cosign.stderr)")
        // Nothing close: the names there are.
        let nothing = try CLI.run(["xyzzy"], in: dir)
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("Unknown subcommand 'xyzzy' of 'tierledger'; it has: keys, init,"), "\(nothing.stderr)")
        // Help and real commands are untouched.
        #expect(try CLI.run(["verify", "--help"], in: dir).status == 0)
        #expect(try CLI.run(["help", "change", "approve"], in: dir).status == 0)
        #expect(try CLI.run(["change", "--help"], in: dir).status == 0)
    }

    /// Every subcommand of every command, with one letter dropped or two swapped, is suggested back.
    @Test func everyLevelSuggests() throws {
        let tree = try CommandTree()
        let dir = try TemporaryDirectory("typo-all")
        var checked = 0
        for group in tree.commands where !group.children.isEmpty {
            for name in group.children where name.count >= 4 {
                let letters = Array(name)
                let dropped = String(letters.prefix(letters.count / 2) + letters.suffix(from: letters.count / 2 + 1))
                var swapped = letters
                swapped.swapAt(1, 2)
                for typo in Set([dropped, String(swapped)]) where !group.children.contains(typo) {
                    let result = try CLI.run(group.path + [typo], in: dir)
                    #expect(result.status == 2, "\(group.path) \(typo)")
                    #expect(result.stderr.contains("Unknown subcommand '\(typo)'. Did you mean '\(name)'?"),
                            "tierledger \((group.path + [typo]).joined(separator: " ")): \(result.stderr)")
                    checked += 1
                }
            }
        }
        #expect(checked > 60)
    }
}
