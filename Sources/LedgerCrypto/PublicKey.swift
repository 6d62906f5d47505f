/// A public key that verifies ledger signatures: Ed25519 or ECDSA P-256.
///
/// Its identity is its canonical DER SubjectPublicKeyInfo (`EVPKey.canonicalSubjectPublicKeyInfo`):
/// one encoding per key, so one key has one key id. Two keys are equal when those bytes are.
public struct PublicKey: Sendable, Hashable {
    let key: EVPKey

    /// The algorithm of this key.
    public var algorithm: SignatureAlgorithm { key.algorithm }
    /// Canonical DER SubjectPublicKeyInfo (P-256 points uncompressed).
    public let subjectPublicKeyInfo: [UInt8]
    /// Lowercase hex SHA-256 of `subjectPublicKeyInfo`.
    public let id: KeyID

    init(key: EVPKey) throws {
        self.key = key
        subjectPublicKeyInfo = try key.canonicalSubjectPublicKeyInfo()
        id = KeyID(spkiDigest: SHA256.hash(subjectPublicKeyInfo))
    }

    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) in any encoding OpenSSL reads, a compressed
    /// P-256 point included; the key is then held, and identified, in its canonical encoding.
    public init(pem: String) throws {
        try self.init(key: EVPKey.fromPublicPEM(Array(pem.utf8)))
    }

    /// Reads DER SubjectPublicKeyInfo, which must be the key's canonical encoding (as entries and
    /// the ledger config store it): any other spelling of the same key is refused, never hashed to
    /// a second key id.
    public init(subjectPublicKeyInfo der: [UInt8]) throws {
        try self.init(key: EVPKey.fromSubjectPublicKeyInfo(der))
        guard subjectPublicKeyInfo == der else {
            throw LedgerCryptoError.nonCanonicalKey(
                algorithm == .p256
                    ? "a P-256 key is stored as RFC 5480 DER with the named curve and the uncompressed point (65 bytes, 04 || X || Y)"
                    : "an Ed25519 key is stored as RFC 8410 DER (44 bytes)")
        }
    }

    /// An Ed25519 key from its 32 raw bytes (as in C2SP verifier keys).
    public init(rawEd25519 raw: [UInt8]) throws {
        try self.init(key: EVPKey.fromRawEd25519PublicKey(raw))
    }

    /// PEM `PUBLIC KEY` of the canonical encoding.
    public func pem() throws -> String { try EVPKey.fromSubjectPublicKeyInfo(subjectPublicKeyInfo).publicPEM() }

    /// The 32 raw bytes of an Ed25519 key; throws for P-256.
    public func rawEd25519() throws -> [UInt8] { try key.rawEd25519PublicKey() }

    /// True when `signature` is this key's valid signature over `message`, in the one spelling the
    /// ledger accepts (`signatureFormProblem`).
    public func isValidSignature(_ signature: [UInt8], for message: some RawBytes) -> Bool {
        guard signatureFormProblem(signature) == nil else { return false }
        return message.withUnsafeBytes { key.verify(signature, message: $0) }
    }

    /// Why `signature` cannot be a valid signature of this key in its accepted spelling, or nil:
    /// an Ed25519 signature is 64 bytes; a P-256 one is minimal DER with low S (`ECDSASignature`).
    public func signatureFormProblem(_ signature: [UInt8]) -> String? {
        switch algorithm {
        case .ed25519:
            return signature.count == 64 ? nil : "an Ed25519 signature is 64 bytes, not \(signature.count)"
        case .p256:
            guard case let .failure(problem) = ECDSASignature.parse(signature) else { return nil }
            return "P-256 signature: \(problem)"
        }
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool {
        a.subjectPublicKeyInfo == b.subjectPublicKeyInfo
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(subjectPublicKeyInfo) }
}
