import LedgerCrypto

/// What can go wrong with personal data: its keys, its key store, its subjects.
///
/// Messages name the key store, the subject and the entries at hand, never a data key, the
/// master key or clear text.
public struct PrivacyError: CodedError, Equatable {
    public let errorCode: ErrorCode
    public let description: String

    public init(_ code: ErrorCode, _ description: String) {
        errorCode = code
        self.description = description
    }

    public static func == (a: PrivacyError, b: PrivacyError) -> Bool {
        a.errorCode == b.errorCode && a.description == b.description
    }
}
