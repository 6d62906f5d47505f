import LedgerCrypto
import Testing

@Suite struct KeyTests {
    /// RFC 8032 §7.1, test 1: the key from a seed signs the empty message as the RFC says.
    @Test func ed25519FromASeedMatchesRFC8032() throws {
        let seed = try #require(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let key = try PrivateKey.ed25519(seed: seed)
        let signature = try key.signature(for: [UInt8]())
        #expect(Hex.encode(signature) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(try PrivateKey.ed25519(seed: seed).publicKey == key.publicKey)
        #expect(throws: LedgerCryptoError.self) { try PrivateKey.ed25519(seed: [1, 2, 3]) }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signAndVerify(_ algorithm: SignatureAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        #expect(key.algorithm == algorithm)
        let message = Array("tierledger/entry/v1\n{\"a\":1}".utf8)
        let signature = try key.signature(for: message)
        if algorithm == .ed25519 { #expect(signature.count == 64) }
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0x20]))
        var flipped = signature
        flipped[flipped.count / 2] ^= 0x01
        #expect(!key.publicKey.isValidSignature(flipped, for: message))
        #expect(!key.publicKey.isValidSignature([], for: message))
        let other = try PrivateKey.generate(algorithm)
        #expect(!other.publicKey.isValidSignature(signature, for: message))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func pemRoundTrips(_ algorithm: SignatureAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let plain = try key.pem()
        #expect(plain.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try PrivateKey(pem: plain).publicKey == key.publicKey)

        let passphrase = Passphrase("correct horse battery staple")
        let sealed = try key.pem(passphrase: passphrase)
        #expect(sealed.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        #expect(PrivateKey.isEncrypted(pem: sealed))
        #expect(try PrivateKey(pem: sealed, passphrase: passphrase).publicKey == key.publicKey)
        #expect(throws: LedgerCryptoError.passphraseRequired) { try PrivateKey(pem: sealed) }
        #expect(throws: LedgerCryptoError.wrongPassphrase) { try PrivateKey(pem: sealed, passphrase: Passphrase("wrong")) }

        let publicPEM = try key.publicKey.pem()
        let reread = try PublicKey(pem: publicPEM)
        #expect(reread == key.publicKey)
        #expect(reread.id == key.publicKey.id)
        #expect(try PublicKey(subjectPublicKeyInfo: key.publicKey.subjectPublicKeyInfo) == key.publicKey)
    }

    @Test func keyIDIsSHA256OfSubjectPublicKeyInfo() throws {
        let key = try PrivateKey.generate(.ed25519)
        #expect(key.publicKey.id.hex == Hex.encode(SHA256.hash(key.publicKey.subjectPublicKeyInfo)))
        #expect(key.publicKey.subjectPublicKeyInfo.count == 44)
        #expect(try key.publicKey.rawEd25519().count == 32)
        #expect(try PublicKey(rawEd25519: key.publicKey.rawEd25519()) == key.publicKey)
    }

    @Test func malformedInputIsRefusedWithAReason() {
        #expect(throws: LedgerCryptoError.self) { try PublicKey(pem: "not a key") }
        #expect(throws: LedgerCryptoError.self) { try PublicKey(subjectPublicKeyInfo: [0x30, 0x03, 0x01, 0x02, 0x03]) }
        #expect(throws: LedgerCryptoError.self) { try PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
        #expect(throws: LedgerCryptoError.self) { try PublicKey(rawEd25519: [1, 2, 3]) }
    }

    @Test func descriptionsHideKeyMaterial() throws {
        let key = try PrivateKey.generate(.ed25519)
        let pem = try key.pem()
        let body = pem.split(separator: "\n")[1]
        #expect(!String(describing: key).contains(body))
        #expect(String(describing: Passphrase("secret")) == "<passphrase>")
    }
}
