import Foundation
@testable import LedgerCrypto
import Testing
import TestSupport

/// One signature, one spelling; one key, one key id.
@Suite struct CanonicalFormTests {
    static let message = Array("tierledger/entry/v1\n{\"a\":1}".utf8)

    @Test func p256SignaturesComeOutLowSInMinimalDER() throws {
        let key = try PrivateKey.generate(.p256)
        // About half of raw ECDSA signatures have a high S; 64 signatures all but surely meet some.
        for i in 0..<64 {
            let message = Self.message + Array(String(i).utf8)
            let signature = try key.signature(for: message)
            #expect(throws: Never.self) { try ECDSASignature.parse(signature).get() }
            #expect(ECDSASignature.normalising(signature) == signature)
            #expect(key.publicKey.isValidSignature(signature, for: message))
        }
    }

    @Test func theHighSTwinVerifiesInOpenSSLButNotHere() throws {
        let key = try PrivateKey.generate(.p256)
        let signature = try key.signature(for: Self.message)
        let twin = SignatureRespelling.highS.apply(to: signature)
        #expect(twin != signature)
        // The malleability is real: OpenSSL alone accepts both spellings.
        #expect(Self.message.withUnsafeBytes { key.publicKey.key.verify(twin, message: $0) })
        #expect(!key.publicKey.isValidSignature(twin, for: Self.message))
        #expect(key.publicKey.signatureFormProblem(twin)?.contains("only low S is accepted") == true)
        #expect(ECDSASignature.parse(twin) == .failure(.highS))
        #expect(ECDSASignature.normalising(twin) == signature)
    }

    /// Other BER spellings of the same (r, s): each is refused before OpenSSL sees it.
    @Test(arguments: ["a needless leading zero on r", "a long-form length", "a byte after the sequence", "r = 0", "r = n",
                      "a negative s", "a third integer", "an indefinite length"])
    func otherSpellingsAreRefused(_ variant: String) throws {
        let key = try PrivateKey.generate(.p256)
        let signature = try key.signature(for: Self.message)
        func integer(_ bytes: [UInt8]) -> [UInt8] { [0x02, UInt8(bytes.count)] + bytes }
        func sequence(_ body: [UInt8]) -> [UInt8] { [0x30, UInt8(body.count)] + body }
        // 30 len | 02 rlen r | 02 slen s
        let r = Array(signature[2..<(4 + Int(signature[3]))])
        let s = Array(signature[(4 + Int(signature[3]))...])
        let bad: [UInt8]
        switch variant {
        case "a needless leading zero on r": bad = sequence(integer([0] + Array(r.dropFirst(2))) + s)
        case "a long-form length": bad = [0x30, 0x81, UInt8(r.count + s.count)] + r + s
        case "a byte after the sequence": bad = signature + [0]
        case "r = 0": bad = sequence(integer([0]) + s)
        case "r = n": bad = sequence(integer([0] + ECDSASignature.order) + s)
        case "a negative s": bad = sequence(r + integer([0x80] + Array(repeating: 1, count: 31)))
        case "a third integer": bad = sequence(r + s + integer([1]))
        default: bad = [0x30, 0x80] + r + s + [0, 0]
        }
        #expect(bad != signature)
        #expect(key.publicKey.signatureFormProblem(bad) != nil, "\(variant): \(Hex.encode(bad))")
        #expect(!key.publicKey.isValidSignature(bad, for: Self.message))
    }

    @Test func ed25519SignaturesAre64Bytes() throws {
        let key = try PrivateKey.generate(.ed25519)
        let signature = try key.signature(for: Self.message)
        #expect(key.publicKey.signatureFormProblem(signature) == nil)
        #expect(key.publicKey.signatureFormProblem(signature + [0])?.contains("64 bytes") == true)
    }

    /// The same P-256 key with its point compressed: read from PEM it is the same key with the same
    /// id; stored as DER in that form it is refused, never hashed to a second id.
    @Test func aCompressedP256KeyHasTheSameIDOrIsRefused() throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(.p256)
        let pub = dir.file("key.pub")
        try key.publicKey.pem().write(toFile: pub, atomically: true, encoding: .utf8)
        let compressedPEM = try ProcessRunner.run("openssl", ["pkey", "-pubin", "-in", pub, "-pubout", "-ec_conv_form", "compressed"])
        #expect(compressedPEM.status == 0, "\(compressedPEM.stderr)")
        let compressedDER = try ProcessRunner.run("openssl", ["pkey", "-pubin", "-in", pub, "-outform", "DER", "-ec_conv_form", "compressed"])
        #expect(compressedDER.stdoutBytes.count == 59)

        let fromPEM = try PublicKey(pem: compressedPEM.stdout)
        #expect(fromPEM == key.publicKey)
        #expect(fromPEM.id == key.publicKey.id)
        #expect(fromPEM.subjectPublicKeyInfo.count == 91)
        #expect(try fromPEM.pem() == key.publicKey.pem())
        #expect(throws: LedgerCryptoError.self) { try PublicKey(subjectPublicKeyInfo: compressedDER.stdoutBytes) }
        do {
            _ = try PublicKey(subjectPublicKeyInfo: compressedDER.stdoutBytes)
        } catch let LedgerCryptoError.nonCanonicalKey(rule) {
            #expect(rule.contains("uncompressed"))
        }
        #expect(try PublicKey(subjectPublicKeyInfo: key.publicKey.subjectPublicKeyInfo) == key.publicKey)
    }

    /// The canonical encodings are exactly what `openssl pkey -pubout -outform DER` writes for keys
    /// it generates, so the documented key-id recipe still holds.
    @Test(arguments: SignatureAlgorithm.allCases)
    func canonicalEncodingIsOpenSSLsDefault(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(algorithm)
        let pub = dir.file("key.pub")
        try key.publicKey.pem().write(toFile: pub, atomically: true, encoding: .utf8)
        let der = try ProcessRunner.run("openssl", ["pkey", "-pubin", "-in", pub, "-outform", "DER"])
        #expect(der.stdoutBytes == key.publicKey.subjectPublicKeyInfo)
        // Trailing bytes after the DER are not the key's encoding either.
        #expect(throws: LedgerCryptoError.self) { try PublicKey(subjectPublicKeyInfo: key.publicKey.subjectPublicKeyInfo + [0]) }
    }
}
