import Foundation
import LedgerCrypto
import Testing
import TestSupport

/// Private keys and passphrases never appear in output, errors or the ledger: a whole session of
/// commands, failing ones included, is searched for the keys' material.
@Suite struct SecretsTests {
    @Test func noOutputOrLedgerFileHoldsKeyMaterialOrPassphrases() throws {
        let ws = try CLIWorkspace(initialise: false)
        let passphrase = "s3cret-Passphrase-\(UUID().uuidString.prefix(8))"
        let env = ["TIERLEDGER_PASSPHRASE": passphrase]
        var outputs: [String] = []
        func run(_ args: [String], environment: [String: String] = env) throws {
            let result = try ws.run(args, environment: environment)
            outputs += [result.stdout, result.stderr]
        }
        try run(["keys", "generate", "--out", "admin.pem"])
        try run(["keys", "generate", "--out", "ops.pem", "--algorithm", "p256"])
        try run(["init", "--origin", "example.com/secrets", "--key", "admin.pem"])
        try run(["principal", "enroll", "ops", "--role", "operator", "--public-key", "ops.pem.pub", "--key", "admin.pem"])
        try run(["append", "--type", "note.text", "--body", "{\"a\":1}", "--key", "ops.pem"])
        try run(["checkpoint", "--key", "admin.pem"])
        try run(["keys", "show", "admin.pem"])
        try run(["keys", "show", "admin.pem", "--json"])
        // Failures: wrong passphrase, a missing one, a refused signer, bad input.
        try run(["append", "--type", "note.text", "--body", "{}", "--key", "ops.pem"], environment: ["TIERLEDGER_PASSPHRASE": "wrong"])
        try run(["append", "--type", "note.text", "--body", "{}", "--key", "ops.pem"], environment: [:])
        try run(["principal", "enroll", "x", "--role", "admin", "--public-key", "ops.pem.pub", "--key", "ops.pem"])
        try run(["append", "--type", "note.text", "--body", "{\"x\":1.5}", "--key", "admin.pem"])
        try run(["verify", "--json"])
        try run(["log", "--json"])

        // The secrets: passphrase, PEM bodies, and the raw private keys in base64 and hex.
        var secrets = [passphrase]
        for name in ["admin.pem", "ops.pem"] {
            let pem = try String(contentsOfFile: ws.path(name), encoding: .utf8)
            secrets += pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
            let der = try ProcessRunner.run("openssl", ["pkey", "-in", ws.path(name), "-passin", "pass:\(passphrase)", "-outform", "DER"]).stdoutBytes
            #expect(der.count > 40)
            let rawTail = Array(der.suffix(32))   // the private scalar sits at the end of these PKCS#8 encodings' key octets
            secrets += [Hex.encode(rawTail), Data(rawTail).base64EncodedString(), Data(der).base64EncodedString()]
        }
        var files: [String] = []
        if let walker = FileManager.default.enumerator(atPath: ws.path("ledger")) {
            for case let name as String in walker {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: ws.path("ledger/" + name), isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(String(decoding: try Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/" + name))), as: UTF8.self))
                }
            }
        }
        #expect(files.count >= 4)
        for secret in secrets where secret.count >= 16 {
            for (i, text) in outputs.enumerated() { #expect(!text.contains(secret), "output \(i) holds secret material") }
            for text in files { #expect(!text.contains(secret), "a ledger file holds secret material") }
        }
        #expect(outputs.joined().contains("passphrase does not decrypt"))
    }
}
