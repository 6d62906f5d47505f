/// The codes of LedgerCrypto's errors (`CRY-…`).
extension ErrorCode {
    /// OpenSSL refused an operation.
    public static let cryptoOpenSSL = ErrorCode("CRY-001", .internal,
        remedy: "check that the system OpenSSL (libcrypto 3) allows Ed25519, P-256 and SHA-256, then report the reason text")
    /// The input is not a usable key.
    public static let cryptoMalformedKey = ErrorCode("CRY-002", .input,
        remedy: "give a PEM or DER key file made by `tierledger keys generate` or `openssl genpkey`")
    /// The key is of an algorithm the ledger does not accept.
    public static let cryptoUnsupportedAlgorithm = ErrorCode("CRY-003", .input,
        remedy: "use an Ed25519 or ECDSA P-256 key")
    /// The private key is encrypted and no passphrase was given.
    public static let cryptoPassphraseRequired = ErrorCode("CRY-004", .input,
        remedy: "supply the passphrase (prompt, --passphrase-file or TIERLEDGER_PASSPHRASE)")
    /// The passphrase does not decrypt the key.
    public static let cryptoWrongPassphrase = ErrorCode("CRY-005", .input,
        remedy: "give the passphrase the key was encrypted with")
    /// A signature could not be produced.
    public static let cryptoSigningFailed = ErrorCode("CRY-006", .internal,
        remedy: "check the key and the system OpenSSL, then report the reason text")
    /// A public key is not in its one canonical encoding.
    public static let cryptoNonCanonicalKey = ErrorCode("CRY-007", .input,
        remedy: "give the key as PEM, which tierledger normalises, or re-export it uncompressed with `openssl pkey`")
    /// An ECDSA signature is not in its one accepted spelling.
    public static let cryptoSignatureSpelling = ErrorCode("CRY-008", .input,
        remedy: "sign again with tierledger, or normalise the signature to minimal DER with low S")
    /// An AES-256-GCM key or nonce has the wrong size.
    public static let cryptoBadSymmetricKey = ErrorCode("CRY-009", .input,
        remedy: "give a 32-byte key and a 12-byte nonce")
    /// An AES-256-GCM tag did not check.
    public static let cryptoAuthenticationFailed = ErrorCode("CRY-010", .integrity,
        remedy: "use the key the data was sealed with; if it is the right key, the sealed data was altered")
}
