import LedgerCrypto
import Testing

@Suite struct AESGCMTests {
    /// NIST GCM test vector (gcmEncryptExtIV256.rsp, Keylen 256, IVlen 96, PTlen 128, AADlen 128, Count 0).
    static let key = "92e11dcdaa866f5ce790fd24501f92509aacf4cb8b1339d50c9c1240935dd08b"
    static let nonce = "ac93a1a6145299bde902f21a"
    static let plaintext = "2d71bcfa914e4ac045b2aa60955fad24"
    static let aad = "1e0889016f67601c8ebea4943bc23ad6"
    static let ciphertext = "8995ae2e6df3dbf96fac7b7137bae67f"
    static let tag = "eca5aa77d51d4a0a14d9c51e1da474ab"

    func bytes(_ hex: String) throws -> [UInt8] { try #require(Hex.decode(hex)) }

    @Test func knownAnswerVector() throws {
        let sealed = try AESGCM.seal(bytes(Self.plaintext), key: bytes(Self.key), nonce: bytes(Self.nonce), additionalData: bytes(Self.aad))
        #expect(Hex.encode(sealed.ciphertext) == Self.ciphertext)
        #expect(Hex.encode(sealed.tag) == Self.tag)
        let opened = try AESGCM.open(.init(ciphertext: bytes(Self.ciphertext), tag: bytes(Self.tag)), key: bytes(Self.key),
                                     nonce: bytes(Self.nonce), additionalData: bytes(Self.aad))
        #expect(Hex.encode(opened) == Self.plaintext)
    }

    /// NIST vector with an empty plaintext and no additional data (Count 0, PTlen 0, AADlen 0).
    @Test func knownAnswerEmpty() throws {
        let sealed = try AESGCM.seal([], key: bytes("b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4"),
                                     nonce: bytes("516c33929df5a3284ff463d7"))
        #expect(sealed.ciphertext.isEmpty)
        #expect(Hex.encode(sealed.tag) == "bdc1ac884d332457a1d2664f168c76f0")
    }

    @Test func roundTripWithRandomKeyAndNonce() throws {
        let key = try SecureRandom.bytes(32)
        let nonce = try SecureRandom.bytes(12)
        let message = Array("Ada Lovelace <ada@example.com>".utf8)
        let sealed = try AESGCM.seal(message, key: key, nonce: nonce, additionalData: Array("ctx".utf8))
        #expect(sealed.ciphertext != message)
        #expect(try AESGCM.open(sealed, key: key, nonce: nonce, additionalData: Array("ctx".utf8)) == message)
    }

    @Test func tamperingIsRefused() throws {
        let key = try bytes(Self.key), nonce = try bytes(Self.nonce), aad = try bytes(Self.aad)
        let good = AESGCM.Sealed(ciphertext: try bytes(Self.ciphertext), tag: try bytes(Self.tag))
        func refused(_ sealed: AESGCM.Sealed, key: [UInt8], nonce: [UInt8], aad: [UInt8]) {
            #expect(throws: LedgerCryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key, nonce: nonce, additionalData: aad) }
        }
        var tag = good.tag
        tag[0] ^= 1
        refused(.init(ciphertext: good.ciphertext, tag: tag), key: key, nonce: nonce, aad: aad)
        var ciphertext = good.ciphertext
        ciphertext[5] ^= 0x80
        refused(.init(ciphertext: ciphertext, tag: good.tag), key: key, nonce: nonce, aad: aad)
        refused(.init(ciphertext: good.ciphertext, tag: Array(good.tag.prefix(12))), key: key, nonce: nonce, aad: aad)
        var otherKey = key
        otherKey[31] ^= 1
        refused(good, key: otherKey, nonce: nonce, aad: aad)
        var otherAAD = aad
        otherAAD[0] ^= 1
        refused(good, key: key, nonce: nonce, aad: otherAAD)
        var otherNonce = nonce
        otherNonce[11] ^= 1
        refused(good, key: key, nonce: otherNonce, aad: aad)
    }

    @Test func wrongSizesAreInputErrors() throws {
        #expect(throws: LedgerCryptoError.self) { try AESGCM.seal([1], key: [UInt8](repeating: 0, count: 16), nonce: [UInt8](repeating: 0, count: 12)) }
        #expect(throws: LedgerCryptoError.self) { try AESGCM.seal([1], key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 8)) }
    }
}
