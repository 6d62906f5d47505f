import Foundation
import Ledger
import TestSupport

/// The built binary's command tree, as swift-argument-parser describes it (`--experimental-dump-help`).
struct CommandTree {
    struct Command {
        /// The words after `tierledger`, e.g. ["change", "approve"]; empty for the root.
        let path: [String]
        let discussion: String
        /// Long option and flag names without dashes, e.g. "key", "no-encrypt".
        let options: Set<String>
        /// Those of `options` that take a value.
        let valued: Set<String>
        let positionals: Int
        let children: [String]
        /// The subcommand run when none is named, if any.
        let defaultChild: String?
    }

    let commands: [Command]

    init() throws {
        let dir = try TemporaryDirectory("tree")
        let dump = try CLI.run(["--experimental-dump-help"], in: dir)
        let root = try JSONParser.parse(Array(dump.stdout.utf8))["command"] ?? .null
        var found: [Command] = []
        func walk(_ node: JSONValue, _ path: [String]) {
            let arguments = node["arguments"]?.arrayValue ?? []
            func longNames(_ arguments: [JSONValue]) -> [String] {
                arguments.flatMap { $0["names"]?.arrayValue ?? [] }.filter { $0["kind"] == "long" }.compactMap { $0["name"]?.stringValue }
            }
            let subcommands = (node["subcommands"]?.arrayValue ?? []).filter { $0["commandName"] != "help" }
            found.append(Command(path: path, discussion: node["discussion"]?.stringValue ?? "", options: Set(longNames(arguments)),
                                 valued: Set(longNames(arguments.filter { $0["kind"] == "option" })),
                                 positionals: arguments.filter { $0["kind"] == "positional" }.count,
                                 children: subcommands.compactMap { $0["commandName"]?.stringValue },
                                 defaultChild: node["defaultSubcommand"]?.stringValue))
            for child in subcommands { walk(child, path + [child["commandName"]?.stringValue ?? "?"]) }
        }
        walk(root, [])
        commands = found
    }

    func command(_ path: [String]) -> Command? { commands.first { $0.path == path } }
}
