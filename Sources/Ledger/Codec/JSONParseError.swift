import LedgerCrypto

/// Why a piece of JSON was refused, and the byte offset (from the start of the input) where.
public struct JSONParseError: CodedError, Equatable {
    public enum Code: String, Sendable {
        case unexpectedEnd = "unexpected-end"
        case unexpectedByte = "unexpected-byte"
        case floatingPoint = "floating-point"
        case integerRange = "integer-range"
        case duplicateKey = "duplicate-key"
        case invalidUTF8 = "invalid-utf8"
        case loneSurrogate = "lone-surrogate"
        case badEscape = "bad-escape"
        case controlCharacter = "control-character"
        case tooDeep = "too-deep"
        case trailingData = "trailing-data"
    }

    public let code: Code
    /// Byte offset of the offending byte within the parsed input.
    public let offset: Int
    public let message: String

    public var description: String { "at byte \(offset): \(message)" }

    public var errorCode: ErrorCode { .ledgerJSON }
}
