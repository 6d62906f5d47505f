/// Reads typed values out of policy nodes, collecting every problem with its position instead of
/// stopping at the first, so that `policy check` can list them all.
final class PolicyReader {
    private(set) var problems: [PolicyProblem] = []

    func report(_ node: PolicyNode, _ message: String) {
        problems.append(PolicyProblem(file: node.file, line: node.line, column: node.column, message: message))
    }

    func report(file: String, line: Int, column: Int, _ message: String) {
        problems.append(PolicyProblem(file: file, line: line, column: column, message: message))
    }

    /// A mapping's members by key; unknown keys and missing required ones are reported.
    func mapping(_ node: PolicyNode?, _ context: String, required: [String] = [], optional: [String] = []) -> [String: PolicyNode]? {
        guard let node else { return nil }
        guard case let .mapping(pairs) = node.value else {
            report(node, "\(context) must be a mapping of key: value")
            return nil
        }
        let allowed = Set(required + optional)
        var out: [String: PolicyNode] = [:]
        for pair in pairs {
            if allowed.contains(pair.key) {
                out[pair.key] = pair.value
            } else {
                report(file: node.file, line: pair.keyLine, column: pair.keyColumn,
                       "unknown key \"\(pair.key)\" in \(context) (expected one of: \((required + optional).joined(separator: ", ")))")
            }
        }
        for key in required where out[key] == nil { report(node, "\(context) needs \"\(key)\"") }
        return out
    }

    func list(_ node: PolicyNode?, _ context: String) -> [PolicyNode]? {
        guard let node else { return nil }
        guard case let .sequence(items) = node.value else {
            report(node, "\(context) must be a list")
            return nil
        }
        return items
    }

    func string(_ node: PolicyNode?, _ context: String) -> String? {
        guard let node else { return nil }
        guard case let .scalar(text, _) = node.value, !text.isEmpty else {
            report(node, "\(context) must be text")
            return nil
        }
        return text
    }

    /// An identifier: lowercase letters, digits and '-', starting with a letter.
    func identifier(_ node: PolicyNode?, _ context: String) -> String? {
        guard let text = string(node, context) else { return nil }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), bytes.count <= 40,
              bytes.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                  || $0 == UInt8(ascii: "-") })
        else {
            if let node { report(node, "\(context) \"\(text)\" must be lowercase letters, digits and '-', starting with a letter") }
            return nil
        }
        return text
    }

    func integer(_ node: PolicyNode?, _ context: String, min: Int64 = 0, max: Int64 = 9_007_199_254_740_991) -> Int64? {
        guard let node else { return nil }
        guard case let .scalar(text, quoted) = node.value, !quoted, let value = Int64(text) else {
            report(node, "\(context) must be a whole number (money in minor units, rates in basis points)")
            return nil
        }
        guard value >= min else {
            report(node, "\(context) is \(value); it must be at least \(min)" + (min == 0 ? " (no negative amounts)" : ""))
            return nil
        }
        guard value <= max else {
            report(node, "\(context) is \(value); it must be at most \(max)")
            return nil
        }
        return value
    }

    func bool(_ node: PolicyNode?, _ context: String) -> Bool? {
        guard let node else { return nil }
        guard case let .scalar(text, false) = node.value, text == "true" || text == "false" else {
            report(node, "\(context) must be true or false")
            return nil
        }
        return text == "true"
    }

    func role(_ node: PolicyNode?, _ context: String, areas: Set<String>) -> Role? {
        guard let node, let text = string(node, context) else { return nil }
        guard let role = Role(text) else {
            report(node, "\(context) \"\(text)\" is not a role: \(Role.syntaxHelp)")
            return nil
        }
        if let area = role.approvalArea, !areas.contains(area) {
            report(node, "\(context) \"\(text)\": area \"\(area)\" is not declared in areas; nobody can fill this step")
            return nil
        }
        return role
    }

    /// Reports ids that appear twice among `items`.
    func checkUnique(_ items: [(id: String, node: PolicyNode)], _ what: String) {
        var seen: [String: PolicyNode] = [:]
        for item in items {
            if let first = seen[item.id] {
                report(item.node, "duplicate \(what) id \"\(item.id)\" (first at line \(first.line))")
            } else {
                seen[item.id] = item.node
            }
        }
    }
}
