import Foundation
import LedgerCrypto
import Testing
import TestSupport

/// Keys and signatures cross the boundary with the stock `openssl` command line, both ways.
@Suite struct OpenSSLInteropTests {
    static let generators: [(SignatureAlgorithm, [String])] = [
        (.ed25519, ["genpkey", "-algorithm", "ed25519"]),
        (.p256, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
    ]

    @Test(arguments: [true, false])
    func keysMadeByOpenSSLLoad(encrypted: Bool) throws {
        let dir = try TemporaryDirectory()
        for (algorithm, args) in Self.generators {
            let path = dir.file("\(algorithm.rawValue)-\(encrypted).pem")
            var command = args + ["-out", path]
            if encrypted { command += ["-aes-256-cbc", "-pass", "pass:s3cret phrase"] }
            let made = try ProcessRunner.run("openssl", command)
            #expect(made.status == 0, "\(made.stderr)")
            let pem = try String(contentsOfFile: path, encoding: .utf8)
            let key = try PrivateKey(pem: pem, passphrase: encrypted ? Passphrase("s3cret phrase") : nil)
            #expect(key.algorithm == algorithm)

            // Key id: `openssl pkey -pubout -outform DER | sha256sum`.
            var pkeyArgs = ["pkey", "-in", path, "-pubout", "-outform", "DER"]
            if encrypted { pkeyArgs += ["-passin", "pass:s3cret phrase"] }
            let der = try ProcessRunner.run("openssl", pkeyArgs)
            #expect(Hex.encode(SHA256.hash(der.stdoutBytes)) == key.publicKey.id.hex)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signaturesMadeHereVerifyWithOpenSSL(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(algorithm)
        let message = Array("tierledger/entry/v1\n{\"body\":{},\"seq\":0}".utf8)
        try Data(message).write(to: URL(fileURLWithPath: dir.file("msg")))
        try Data(try key.signature(for: message)).write(to: URL(fileURLWithPath: dir.file("sig")))
        try key.publicKey.pem().write(toFile: dir.file("key.pub"), atomically: false, encoding: .utf8)
        let args: [String] = algorithm == .ed25519
            ? ["pkeyutl", "-verify", "-pubin", "-inkey", dir.file("key.pub"), "-rawin", "-in", dir.file("msg"), "-sigfile", dir.file("sig")]
            : ["dgst", "-sha256", "-verify", dir.file("key.pub"), "-signature", dir.file("sig"), dir.file("msg")]
        let result = try ProcessRunner.run("openssl", args)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("Verified") || result.stdout.contains("Signature Verified Successfully"))

        // And a changed message fails under openssl too.
        try Data(message + [0x41]).write(to: URL(fileURLWithPath: dir.file("msg")))
        #expect(try ProcessRunner.run("openssl", args).status != 0)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signaturesMadeByOpenSSLVerifyHere(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        let generator = Self.generators.first { $0.0 == algorithm }!.1
        #expect(try ProcessRunner.run("openssl", generator + ["-out", dir.file("k.pem")]).status == 0)
        try Data(Array("hello ledger".utf8)).write(to: URL(fileURLWithPath: dir.file("msg")))
        let args: [String] = algorithm == .ed25519
            ? ["pkeyutl", "-sign", "-inkey", dir.file("k.pem"), "-rawin", "-in", dir.file("msg"), "-out", dir.file("sig")]
            : ["dgst", "-sha256", "-sign", dir.file("k.pem"), "-out", dir.file("sig"), dir.file("msg")]
        #expect(try ProcessRunner.run("openssl", args).status == 0)
        let key = try PrivateKey(pem: String(contentsOfFile: dir.file("k.pem"), encoding: .utf8))
        let signature = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.file("sig"))))
        guard algorithm == .p256 else {
            #expect(key.publicKey.isValidSignature(signature, for: Array("hello ledger".utf8)))
            return
        }
        // OpenSSL's ECDSA leaves S high about half the time; only the low-S spelling is accepted,
        // and normalising gives it.
        let isLowS = (try? ECDSASignature.parse(signature).get()) != nil
        #expect(key.publicKey.isValidSignature(signature, for: Array("hello ledger".utf8)) == isLowS)
        let normalised = try #require(ECDSASignature.normalising(signature))
        #expect(key.publicKey.isValidSignature(normalised, for: Array("hello ledger".utf8)))
    }

    @Test func encryptedKeysWrittenHereOpenInOpenSSL() throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(.ed25519)
        try key.pem(passphrase: Passphrase("pw-123")).write(toFile: dir.file("k.pem"), atomically: false, encoding: .utf8)
        let result = try ProcessRunner.run("openssl", ["pkey", "-in", dir.file("k.pem"), "-passin", "pass:pw-123", "-pubout"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try PublicKey(pem: result.stdout) == key.publicKey)
        #expect(try ProcessRunner.run("openssl", ["pkey", "-in", dir.file("k.pem"), "-passin", "pass:nope", "-pubout"]).status != 0)
    }

    @Test func otherAlgorithmsAreRefused() throws {
        let dir = try TemporaryDirectory()
        #expect(try ProcessRunner.run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", dir.file("p384.pem")]).status == 0)
        #expect(try ProcessRunner.run("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", dir.file("rsa.pem")]).status == 0)
        for name in ["p384.pem", "rsa.pem"] {
            let pem = try String(contentsOfFile: dir.file(name), encoding: .utf8)
            #expect {
                try PrivateKey(pem: pem)
            } throws: { error in
                guard case LedgerCryptoError.unsupportedAlgorithm = error else { return false }
                return true
            }
        }
    }
}
