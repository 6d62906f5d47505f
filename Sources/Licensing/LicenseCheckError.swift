import LedgerCrypto

/// Why a certificate could not even be read.
public enum LicenseCheckError: CodedError, Equatable {
    /// Not a license certificate in the documented form.
    case malformed(String)

    public var description: String {
        switch self {
        case let .malformed(detail): return "not a valid license certificate: \(detail)"
        }
    }

    public var errorCode: ErrorCode {
        switch self {
        case .malformed: return .licenseMalformed
        }
    }
}
