/// Everything that can go wrong in LedgerCrypto, each case with text a user can act on.
///
/// Messages never contain key material or passphrases.
public enum LedgerCryptoError: CodedError, Equatable {
    /// OpenSSL refused an operation; `reason` is OpenSSL's own error text.
    case openSSL(operation: String, reason: String)
    /// The PEM or DER input is not a key this tool understands.
    case malformedKey(String)
    /// The key is of an algorithm or curve the ledger does not accept.
    case unsupportedAlgorithm(String)
    /// The private key is encrypted and no passphrase was supplied.
    case passphraseRequired
    /// The passphrase did not decrypt the key.
    case wrongPassphrase
    /// A signature could not be produced.
    case signingFailed(String)
    /// A DER public key that is a valid key but not in the one encoding the ledger accepts.
    case nonCanonicalKey(String)
    /// An AES-256-GCM key or nonce of the wrong size.
    case badSymmetricKey(String)
    /// An AES-256-GCM tag did not check: wrong key, or the ciphertext, nonce, tag or additional data changed.
    case authenticationFailed

    public var description: String {
        switch self {
        case let .openSSL(operation, reason):
            return "OpenSSL failed to \(operation): \(reason)"
        case let .malformedKey(detail):
            return "not a usable key: \(detail)"
        case let .unsupportedAlgorithm(detail):
            return "unsupported key algorithm: \(detail); use an Ed25519 or ECDSA P-256 key"
        case .passphraseRequired:
            return "the private key is encrypted; supply its passphrase (prompt, --passphrase-file or TIERLEDGER_PASSPHRASE)"
        case .wrongPassphrase:
            return "the passphrase does not decrypt this private key"
        case let .signingFailed(reason):
            return "signing failed: \(reason)"
        case let .nonCanonicalKey(rule):
            return "the public key is not in its canonical encoding: \(rule); give tierledger the key as PEM, "
                + "which it normalises, or re-export it with `openssl pkey -pubin -in KEY -pubout -ec_conv_form uncompressed`"
        case let .badSymmetricKey(detail):
            return "unusable symmetric key material: \(detail)"
        case .authenticationFailed:
            return "the AES-256-GCM tag does not check: the key is not the one the data was sealed with, or the sealed data was altered; nothing was decrypted"
        }
    }

    public var errorCode: ErrorCode {
        switch self {
        case .openSSL: return .cryptoOpenSSL
        case .malformedKey: return .cryptoMalformedKey
        case .unsupportedAlgorithm: return .cryptoUnsupportedAlgorithm
        case .passphraseRequired: return .cryptoPassphraseRequired
        case .wrongPassphrase: return .cryptoWrongPassphrase
        case .signingFailed: return .cryptoSigningFailed
        case .nonCanonicalKey: return .cryptoNonCanonicalKey
        case .badSymmetricKey: return .cryptoBadSymmetricKey
        case .authenticationFailed: return .cryptoAuthenticationFailed
        }
    }
}
