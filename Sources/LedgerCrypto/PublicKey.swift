/// A public key that verifies ledger signatures: Ed25519 or ECDSA P-256.
///
/// Its identity is the DER SubjectPublicKeyInfo; two keys are equal when those bytes are.
public struct PublicKey: Sendable, Hashable {
    let key: EVPKey

    /// The algorithm of this key.
    public var algorithm: SignatureAlgorithm { key.algorithm }
    /// DER SubjectPublicKeyInfo.
    public let subjectPublicKeyInfo: [UInt8]
    /// Lowercase hex SHA-256 of `subjectPublicKeyInfo`.
    public let id: KeyID

    init(key: EVPKey) throws {
        self.key = key
        subjectPublicKeyInfo = try key.subjectPublicKeyInfo()
        id = KeyID(spkiDigest: SHA256.hash(subjectPublicKeyInfo))
    }

    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo).
    public init(pem: String) throws {
        try self.init(key: EVPKey.fromPublicPEM(Array(pem.utf8)))
    }

    /// Reads DER SubjectPublicKeyInfo.
    public init(subjectPublicKeyInfo der: [UInt8]) throws {
        try self.init(key: EVPKey.fromSubjectPublicKeyInfo(der))
    }

    /// An Ed25519 key from its 32 raw bytes (as in C2SP verifier keys).
    public init(rawEd25519 raw: [UInt8]) throws {
        try self.init(key: EVPKey.fromRawEd25519PublicKey(raw))
    }

    /// PEM `PUBLIC KEY`.
    public func pem() throws -> String { try key.publicPEM() }

    /// The 32 raw bytes of an Ed25519 key; throws for P-256.
    public func rawEd25519() throws -> [UInt8] { try key.rawEd25519PublicKey() }

    /// True when `signature` is this key's valid signature over `message`.
    public func isValidSignature(_ signature: [UInt8], for message: some RawBytes) -> Bool {
        message.withUnsafeBytes { key.verify(signature, message: $0) }
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool {
        a.subjectPublicKeyInfo == b.subjectPublicKeyInfo
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(subjectPublicKeyInfo) }
}
