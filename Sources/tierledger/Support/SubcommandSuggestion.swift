import ArgumentParser
import LedgerCrypto

/// "Did you mean 'verify'?" for a mistyped subcommand at any level (`tierledger verfy`,
/// `tierledger change aprove CR-5`). swift-argument-parser suggests close names for options but
/// reports an unknown subcommand only as an unexpected argument, or as an unknown option further
/// along; this walks the arguments down the command tree and names the closest sibling instead.
enum SubcommandSuggestion {
    /// The message to print when `arguments` (without the program name) name a subcommand that
    /// `root`'s tree does not have, or nil when they do not (then the parser's own message stands).
    static func message(for arguments: [String], root: ParsableCommand.Type) -> String? {
        var command = root
        for argument in arguments {
            // Subcommand names come first; from the first option on, the arguments are a command's own.
            if argument.hasPrefix("-") { return nil }
            let children = command.configuration.subcommands.filter { $0.configuration.shouldDisplay }
            guard !children.isEmpty else { return nil }
            if let next = command.configuration.subcommands.first(where: { names(of: $0).contains(argument) }) {
                command = next
                continue
            }
            if ObjectIdentifier(command) == ObjectIdentifier(root) && argument == "help" { return nil }
            let siblings = children.map { $0._commandName }
            let suggestion = closest(to: argument, among: siblings)
            // With a default subcommand the word may be that command's argument: only a close name is taken as a typo.
            if command.configuration.defaultSubcommand != nil && suggestion == nil { return nil }
            let path = root.usageString(for: command).split(separator: " ").prefix { !$0.hasPrefix("<") && !$0.hasPrefix("[") }
                .joined(separator: " ")
            let name = path.isEmpty ? root._commandName : path
            let first = suggestion.map { "error[\(ErrorCode.commandLineUsage.id)]: Unknown subcommand '\(argument)'. Did you mean '\($0)'?" }
                ?? "error[\(ErrorCode.commandLineUsage.id)]: Unknown subcommand '\(argument)' of '\(name)'; it has: \(siblings.joined(separator: ", "))"
            return first + "\nUsage: \(root.usageString(for: command))\n  See '\(name) --help' for more information.\n"
        }
        return nil
    }

    static func names(of command: ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// The sibling `word` is most likely a mistyping of: the one fewest edits away (letters
    /// inserted, deleted, replaced or swapped), if that is at most a third of its length (at least
    /// one edit, at most three); else the only one that `word` begins.
    static func closest(to word: String, among names: [String]) -> String? {
        let ranked = names.map { (name: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= max(1, min(3, $0.name.count / 3)) }
        if let best = ranked.min(by: { $0.distance < $1.distance }) { return best.name }
        let prefixed = names.filter { word.count >= 2 && $0.hasPrefix(word) }
        return prefixed.count == 1 ? prefixed.first : nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
