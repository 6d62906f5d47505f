import LedgerCrypto

/// Why a line of `entries.jsonl` is not a well-formed entry, with the offset (within the line) of
/// the first offending byte.
public struct EntryDecodeError: CodedError, Equatable {
    public enum Code: String, Sendable {
        /// Longer than `EntryLimits.maxEntryBytes`.
        case tooLarge = "too-large"
        /// Not valid JSON under the ledger's rules (see `JSONParseError`).
        case malformed
        /// Valid JSON, but not its RFC 8785 canonical form.
        case notCanonical = "not-canonical"
        /// A member is missing, unknown, or of the wrong form.
        case badField = "bad-field"
    }

    public let code: Code
    /// Offset of the first offending byte within the line.
    public let offset: Int
    public let message: String

    public var description: String { message }

    public var errorCode: ErrorCode { .ledgerEntryForm }
}

/// Limits every reader enforces.
public enum EntryLimits {
    /// Longest entry line, in bytes, without its newline: 1 MiB.
    public static let maxEntryBytes = 1 << 20
    /// Deepest nesting of arrays and objects in an entry.
    public static let maxDepth = 64
}
