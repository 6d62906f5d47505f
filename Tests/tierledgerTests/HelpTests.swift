import Foundation
import Testing
import TestSupport

/// The README promises that every `--help` has examples and exit statuses: every command and
/// subcommand's help has an "Examples:" block of invocations that parse (real subcommands, options
/// the command has, no more arguments than it takes) and an "Exit status:" line.
@Suite struct HelpTests {
    @Test func everyHelpHasExamplesAndExitStatuses() throws {
        let tree = try CommandTree()
        let dir = try TemporaryDirectory("help")
        #expect(tree.commands.count > 50)
        for command in tree.commands {
            let name = (["tierledger"] + command.path).joined(separator: " ")
            let help = try CLI.run(command.path + ["--help"], in: dir, environment: ["COLUMNS": "80"])
            #expect(help.status == 0, "\(name) --help: \(help.stderr)")
            #expect(help.stdout.contains("\nExit status: "), "\(name) --help has no \"Exit status:\" line")
            let lines = help.stdout.components(separatedBy: "\n")
            guard let start = lines.firstIndex(of: "Examples:") else {
                Issue.record("\(name) --help has no \"Examples:\" block")
                continue
            }
            let block = lines[(start + 1)...].prefix { !$0.isEmpty }
            #expect(!block.isEmpty, "\(name): an empty Examples: block")
            // Unwrapped at 80 columns: every line is an invocation or the continuation of one.
            for line in block {
                #expect(line.hasPrefix("  tierledger ") || line.hasPrefix("      --"), "\(name): example line \"\(line)\" is wrapped or not an invocation")
            }
            let joined = block.joined(separator: "\n").replacingOccurrences(of: " \\\n", with: " ")
            for example in joined.components(separatedBy: "\n") {
                if let problem = Self.problem(with: example.trimmingCharacters(in: .whitespaces), in: tree) {
                    Issue.record("\(name) --help: \(example): \(problem)")
                }
            }
        }
    }

    /// Why `example` would not parse as written, or nil.
    static func problem(with example: String, in tree: CommandTree) -> String? {
        var words = shellWords(example)
        guard words.first == "tierledger" else { return "does not start with tierledger" }
        words.removeFirst()
        if let redirect = words.firstIndex(where: { [">", "|", ">>"].contains($0) }) { words = Array(words[..<redirect]) }
        var path: [String] = []
        while let next = words.first, let here = tree.command(path), here.children.contains(next) {
            path.append(next)
            words.removeFirst()
        }
        guard var command = tree.command(path) else { return "no command \(path)" }
        if !command.children.isEmpty {
            guard let child = command.defaultChild, let runs = tree.command(path + [child]) else {
                return "names no subcommand of \(path.joined(separator: " "))"
            }
            command = runs
        }
        var positionals = 0
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("--") {
                let option = String(word.dropFirst(2).prefix { $0 != "=" })
                guard command.options.contains(option) else { return "\(command.path.joined(separator: " ")) has no --\(option)" }
                if command.valued.contains(option) && !word.contains("=") {
                    guard index < words.count else { return "--\(option) needs a value" }
                    index += 1
                }
            } else {
                positionals += 1
            }
        }
        return positionals > command.positionals ? "\(positionals) arguments where \(command.path.joined(separator: " ")) takes \(command.positionals)" : nil
    }

    /// Splits a command line as a POSIX shell would for these examples: blanks separate words,
    /// single and double quotes group them.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
