import LedgerCrypto

/// Why a report could not be made, with what to do about it.
public struct ReportError: CodedError {
    public let description: String
    public let errorCode: ErrorCode
    public init(_ description: String, code: ErrorCode = .reportNotPossible) {
        self.description = description
        self.errorCode = code
    }
}
