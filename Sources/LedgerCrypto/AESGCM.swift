/// AES-256-GCM authenticated encryption, computed by the system OpenSSL.
///
/// It protects personal fields in ledger entries: a 32-byte key, a 12-byte nonce that must never
/// repeat under one key (callers draw it at random), additional data bound to the ciphertext
/// without being encrypted, and a 16-byte tag checked before any plaintext is returned.
public enum AESGCM {
    /// Key size in bytes (AES-256).
    public static let keyByteCount = 32
    /// Nonce size in bytes (the 96 bits GCM is built for).
    public static let nonceByteCount = 12
    /// Tag size in bytes (the full 128 bits).
    public static let tagByteCount = 16

    /// A sealed message: the ciphertext (as long as the plaintext) and its tag.
    public struct Sealed: Sendable, Equatable {
        public let ciphertext: [UInt8]
        public let tag: [UInt8]

        public init(ciphertext: [UInt8], tag: [UInt8]) {
            self.ciphertext = ciphertext
            self.tag = tag
        }
    }

    /// Encrypts `plaintext` under `key` with `nonce`, authenticating `additionalData` as well.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], additionalData: [UInt8] = []) throws(LedgerCryptoError) -> Sealed {
        try checkSizes(key: key, nonce: nonce)
        return try gcmSeal(plaintext, key: key, nonce: nonce, additionalData: additionalData)
    }

    /// Checks the tag and decrypts. A wrong key, nonce, additional data, ciphertext or tag throws
    /// `LedgerCryptoError.authenticationFailed` and returns nothing of the plaintext.
    public static func open(_ sealed: Sealed, key: [UInt8], nonce: [UInt8], additionalData: [UInt8] = []) throws(LedgerCryptoError) -> [UInt8] {
        try checkSizes(key: key, nonce: nonce)
        guard sealed.tag.count == tagByteCount else { throw .authenticationFailed }
        return try gcmOpen(sealed, key: key, nonce: nonce, additionalData: additionalData)
    }

    private static func checkSizes(key: [UInt8], nonce: [UInt8]) throws(LedgerCryptoError) {
        guard key.count == keyByteCount else { throw .badSymmetricKey("an AES-256 key is \(keyByteCount) bytes, not \(key.count)") }
        guard nonce.count == nonceByteCount else { throw .badSymmetricKey("an AES-GCM nonce is \(nonceByteCount) bytes, not \(nonce.count)") }
    }
}
