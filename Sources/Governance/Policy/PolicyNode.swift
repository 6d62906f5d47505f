import Ledger
import Yams

/// A YAML node with its position, as the policy loader reads it. Built from Yams' composed tree
/// with bounds: at most `maxNodes` nodes visited (aliases count each time they are used, so an
/// alias bomb is refused at once), nesting at most `maxDepth`, no duplicate keys, no tags.
public struct PolicyNode: Sendable {
    public enum Value: Sendable {
        case scalar(String, quoted: Bool)
        case sequence([PolicyNode])
        case mapping([(key: String, keyLine: Int, keyColumn: Int, value: PolicyNode)])
    }

    public let value: Value
    public let file: String
    public let line: Int
    public let column: Int

    public static let maxNodes = 100_000
    public static let maxDepth = 32
    public static let maxBytes = 1 << 20

    /// Parses `text` (the contents of `file`) into a bounded node tree.
    public static func parse(_ text: String, file: String) throws(PolicyError) -> PolicyNode {
        guard text.utf8.count <= maxBytes else {
            throw PolicyError(problems: [PolicyProblem(file: file, line: 1, column: 1, message: "larger than \(maxBytes) bytes")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PolicyError(problems: [PolicyNode.problem(from: error, file: file)])
        } catch {
            throw PolicyError(problems: [PolicyProblem(file: file, line: 1, column: 1, message: "\(error)")])
        }
        guard let root else {
            throw PolicyError(problems: [PolicyProblem(file: file, line: 1, column: 1, message: "the file is empty")])
        }
        var budget = maxNodes
        return try convert(root, file: file, depth: 0, budget: &budget)
    }

    private static func convert(_ node: Node, file: String, depth: Int, budget: inout Int) throws(PolicyError) -> PolicyNode {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        func fail(_ message: String, _ l: Int = line, _ c: Int = column) -> PolicyError {
            PolicyError(problems: [PolicyProblem(file: file, line: l, column: c, message: message)])
        }
        budget -= 1
        guard budget >= 0 else {
            throw fail("more than \(maxNodes) nodes once aliases are expanded: refused (an alias bomb, or a file far larger than a policy)")
        }
        guard depth <= maxDepth else { throw fail("nested deeper than \(maxDepth) levels") }
        switch node {
        case let .scalar(scalar):
            return PolicyNode(value: .scalar(scalar.string, quoted: scalar.style != .plain && scalar.style != .any),
                              file: file, line: line, column: column)
        case let .sequence(sequence):
            var items: [PolicyNode] = []
            for item in sequence { items.append(try convert(item, file: file, depth: depth + 1, budget: &budget)) }
            return PolicyNode(value: .sequence(items), file: file, line: line, column: column)
        case let .mapping(mapping):
            var pairs: [(String, Int, Int, PolicyNode)] = []
            var seen: [String: Int] = [:]
            for (key, value) in mapping {
                guard case let .scalar(keyScalar) = key else {
                    throw fail("mapping keys must be plain text", key.mark?.line ?? line, key.mark?.column ?? column)
                }
                let keyLine = key.mark?.line ?? line, keyColumn = key.mark?.column ?? column
                if let first = seen[keyScalar.string] {
                    throw fail("duplicate key \"\(keyScalar.string)\" (first at line \(first)): remove one", keyLine, keyColumn)
                }
                seen[keyScalar.string] = keyLine
                pairs.append((keyScalar.string, keyLine, keyColumn, try convert(value, file: file, depth: depth + 1, budget: &budget)))
            }
            return PolicyNode(value: .mapping(pairs.map { (key: $0.0, keyLine: $0.1, keyColumn: $0.2, value: $0.3) }),
                              file: file, line: line, column: column)
        case .alias:
            throw fail("unresolved alias")
        }
    }

    private static func problem(from error: YamlError, file: String) -> PolicyProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return PolicyProblem(file: file, line: mark.line, column: mark.column,
                                 message: "YAML syntax: \(problem)" + (context.map { " (\($0.text))" } ?? ""))
        case let .composer(context, problem, mark, _):
            return PolicyProblem(file: file, line: mark.line, column: mark.column,
                                 message: "YAML: \(problem)" + (context.map { " (\($0.text))" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            return PolicyProblem(file: file, line: context.mark.line, column: context.mark.column,
                                 message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in this mapping "
                                     + "(first here): each key may appear once; remove the repeat")
        default:
            return PolicyProblem(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    /// The node as JSON (integers, booleans, strings, arrays, objects), for the canonical content
    /// a policy version is hashed over. Plain scalars that read as integers or booleans become those.
    public var json: JSONValue {
        switch value {
        case let .scalar(text, quoted):
            if !quoted {
                if let n = Int64(text), abs(n) <= JSONValue.maxSafeInteger { return .integer(n) }
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                if text == "null" || text == "~" || text.isEmpty { return .null }
            }
            return .string(text)
        case let .sequence(items):
            return .array(items.map(\.json))
        case let .mapping(pairs):
            return .object(Dictionary(pairs.map { ($0.key, $0.value.json) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}
