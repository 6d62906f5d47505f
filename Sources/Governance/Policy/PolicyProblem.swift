import LedgerCrypto

/// One problem in a policy file, where it is, and what to do: printed as `file:line:column: message`.
public struct PolicyProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Policy files that could not be used, with every problem found.
public struct PolicyError: CodedError {
    public let problems: [PolicyProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
    public var errorCode: ErrorCode { .governancePolicyFiles }
}
