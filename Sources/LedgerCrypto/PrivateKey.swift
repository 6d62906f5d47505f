/// A private signing key: Ed25519 or ECDSA P-256, held by OpenSSL.
///
/// Its description never shows key material.
public struct PrivateKey: Sendable, CustomStringConvertible {
    let key: EVPKey
    /// The public half.
    public let publicKey: PublicKey

    /// The algorithm of this key.
    public var algorithm: SignatureAlgorithm { key.algorithm }

    private init(key: EVPKey) throws {
        self.key = key
        publicKey = try PublicKey(key: key)
    }

    /// A fresh key from OpenSSL's random generator.
    public static func generate(_ algorithm: SignatureAlgorithm) throws -> PrivateKey {
        try PrivateKey(key: EVPKey.generate(algorithm))
    }

    /// The Ed25519 key derived from a 32-byte seed: the same seed always gives the same key. For
    /// reproducible demo ledgers and test vectors only; a real key comes from `generate`.
    public static func ed25519(seed: [UInt8]) throws -> PrivateKey {
        try PrivateKey(key: EVPKey.ed25519(seed: seed))
    }

    /// True when `pem` holds an encrypted private key (PKCS#8 `ENCRYPTED PRIVATE KEY`, or a
    /// traditional PEM with `Proc-Type: 4,ENCRYPTED`).
    public static func isEncrypted(pem: String) -> Bool {
        pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")
    }

    /// Reads a PEM private key as `openssl genpkey` writes it, plain or encrypted.
    ///
    /// - Throws: `LedgerCryptoError.passphraseRequired` when the key is encrypted and `passphrase` is nil;
    ///   `.wrongPassphrase` when decryption fails.
    public init(pem: String, passphrase: Passphrase? = nil) throws {
        let encrypted = PrivateKey.isEncrypted(pem: pem)
        guard pem.contains("PRIVATE KEY-----") else {
            throw LedgerCryptoError.malformedKey("no PEM private key found (expected -----BEGIN PRIVATE KEY-----)")
        }
        if encrypted && passphrase == nil { throw LedgerCryptoError.passphraseRequired }
        try self.init(key: EVPKey.fromPrivatePEM(Array(pem.utf8), passphrase: passphrase, encrypted: encrypted))
    }

    /// PKCS#8 PEM; encrypted (AES-256-CBC, scrypt) when a non-empty passphrase is given.
    public func pem(passphrase: Passphrase? = nil) throws -> String {
        try key.privatePEM(passphrase: passphrase)
    }

    /// Signs `message`: pure Ed25519, or ECDSA P-256 over SHA-256 with a DER signature.
    public func signature(for message: some RawBytes) throws -> [UInt8] {
        try message.withUnsafeBytes { try key.sign($0) }
    }

    public var description: String { "PrivateKey(\(algorithm.rawValue), id \(publicKey.id.short))" }
}
