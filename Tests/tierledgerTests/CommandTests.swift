import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct CommandTests {
    @Test func keysGenerateWritesPrivateKeyMode600AndPublicKey() throws {
        let ws = try CLIWorkspace(initialise: false)
        let result = try ws.expectSuccess(["keys", "generate", "--out", "k.pem", "--no-encrypt"])
        let attributes = try FileManager.default.attributesOfItem(atPath: ws.path("k.pem"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let key = try PrivateKey(pem: String(contentsOfFile: ws.path("k.pem"), encoding: .utf8))
        #expect(result.stdout.contains(key.publicKey.id.hex))
        #expect(try PublicKey(pem: String(contentsOfFile: ws.path("k.pem.pub"), encoding: .utf8)) == key.publicKey)
        // Never overwrites.
        let again = try ws.run(["keys", "generate", "--out", "k.pem", "--no-encrypt"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func encryptedKeysUseThePassphraseFromEnvironmentOrFile() throws {
        let ws = try CLIWorkspace(initialise: false)
        let env = ["TIERLEDGER_PASSPHRASE": "tr0ub4dor&3-staple"]
        try ws.expectSuccess(["keys", "generate", "--out", "enc.pem"], environment: env)
        #expect(try String(contentsOfFile: ws.path("enc.pem"), encoding: .utf8).contains("ENCRYPTED PRIVATE KEY"))
        // No terminal, no passphrase: a clear error naming the ways to give one.
        let missing = try ws.run(["keys", "show", "enc.pem"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--passphrase-file"))
        let wrong = try ws.run(["keys", "show", "enc.pem"], environment: ["TIERLEDGER_PASSPHRASE": "nope"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("passphrase does not decrypt"))

        try "tr0ub4dor&3-staple\n".write(toFile: ws.path("pass.txt"), atomically: false, encoding: .utf8)
        let loose = try ws.run(["init", "--origin", "example.com/enc", "--key", "enc.pem", "--passphrase-file", "pass.txt"])
        #expect(loose.status == 2)
        #expect(loose.stderr.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ws.path("pass.txt"))
        try ws.expectSuccess(["init", "--origin", "example.com/enc", "--key", "enc.pem", "--passphrase-file", "pass.txt"])
        // A passphrase file saved with a CRLF line ending works too.
        try "tr0ub4dor&3-staple\r\n".write(toFile: ws.path("pass-crlf.txt"), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ws.path("pass-crlf.txt"))
        try ws.expectSuccess(["keys", "show", "enc.pem", "--passphrase-file", "pass-crlf.txt"])
        try ws.expectSuccess(["verify"])
        // The passphrase never shows up in any output.
        #expect(!loose.stderr.contains("tr0ub4dor"))
    }

    /// New keys need a passphrase of at least 12 bytes; keys that exist open with whatever they have.
    @Test func newKeysNeedAPassphraseOfTwelveBytes() throws {
        let ws = try CLIWorkspace(initialise: false)
        for short in ["x", "elevenbytes"] {
            let refused = try ws.run(["keys", "generate", "--out", "short.pem"], environment: ["TIERLEDGER_PASSPHRASE": short])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("is \(short.utf8.count) byte"), "\(refused.stderr)")
            #expect(refused.stderr.contains("at least 12"))
            #expect(!FileManager.default.fileExists(atPath: ws.path("short.pem")))
            #expect(!FileManager.default.fileExists(atPath: ws.path("short.pem.pub")))
        }
        try ws.expectSuccess(["keys", "generate", "--out", "twelve.pem"], environment: ["TIERLEDGER_PASSPHRASE": "twelve bytes"])
        // A key encrypted elsewhere under a one-byte passphrase still opens.
        let old = try PrivateKey.generate(.ed25519)
        try old.pem(passphrase: Passphrase("x")).write(toFile: ws.path("old.pem"), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ws.path("old.pem"))
        let shown = try ws.expectSuccess(["keys", "show", "old.pem"], environment: ["TIERLEDGER_PASSPHRASE": "x"])
        #expect(shown.stdout.contains(old.publicKey.id.hex))
    }

    @Test func privateKeysReadableByOthersAreRefused() throws {
        let ws = try CLIWorkspace()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: ws.path("admin.pem"))
        let result = try ws.run(["append", "--type", "note.text", "--body", "{}", "--key", "admin.pem"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("chmod 600 admin.pem"))
    }

    @Test func keysShowMatchesOpenSSL() throws {
        let ws = try CLIWorkspace(initialise: false)
        try ws.expectSuccess(["keys", "generate", "--out", "k.pem", "--no-encrypt", "--algorithm", "p256"])
        let shown = try ws.expectSuccess(["keys", "show", "k.pem.pub", "--json"])
        let der = try ProcessRunner.run("openssl", ["pkey", "-pubin", "-in", ws.path("k.pem.pub"), "-outform", "DER"])
        #expect(shown.stdout.contains("\"key_id\":\"\(Hex.encode(SHA256.hash(der.stdoutBytes)))\""))
        #expect(shown.stdout.contains("\"algorithm\":\"p256\""))
        #expect(!shown.stdout.contains("PRIVATE"))
    }

    @Test func appendLogVerifyAndExitCodes() throws {
        let ws = try CLIWorkspace()
        let appended = try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"text\":\"hello\",\"cents\":1999}",
                                             "--key", "bob.pem", "--json"])
        #expect(appended.stdout.hasPrefix("{\"hash\":\""))
        #expect(appended.stdout.contains("\"seq\":2"))
        try "{\"text\": \"from a file\"}".write(toFile: ws.path("body.json"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "@body.json", "--key", "admin.pem"])

        let log = try ws.expectSuccess(["log", "--from", "2", "--type", "note.text"])
        let rows = log.stdout.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[0].hasPrefix("2\t"))
        #expect(rows[1].contains("from a file"))
        let raw = try ws.expectSuccess(["log", "--json", "--from", "1", "--to", "1"])
        let line = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")[1]
        #expect(raw.stdout == line + "\n")

        let verify = try ws.expectSuccess(["verify"])
        #expect(verify.stdout.contains("intact"))
        #expect(verify.stdout.contains("entries: 4"))
        let json = try ws.expectSuccess(["verify", "--json"])
        #expect(json.stdout.contains("\"intact\":true"))
        #expect(json.stdout.contains("\"verified_entries\":4"))

        // Input errors: exit 2, with the reason.
        let float = try ws.run(["append", "--type", "note.text", "--body", "{\"x\":1.5}", "--key", "admin.pem"])
        #expect(float.status == 2)
        #expect(float.stderr.contains("floating-point"))
        let badType = try ws.run(["append", "--type", "Bad Type", "--body", "{}", "--key", "admin.pem"])
        #expect(badType.status == 2)
        #expect(badType.stderr.contains("entry type"))
        let nowhere = try ws.run(["verify", "--ledger", "nowhere"])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("not a ledger"))
        let usage = try ws.run(["log", "--from", "5", "--to", "2"])
        #expect(usage.status == 2)
        let stranger = try ws.run(["keys", "generate", "--out", "s.pem", "--no-encrypt"])
        #expect(stranger.status == 0)
        let refused = try ws.run(["append", "--type", "note.text", "--body", "{}", "--key", "s.pem"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("belongs to no enrolled principal"))
        #expect(try ws.expectSuccess(["verify", "--json"]).stdout.contains("\"verified_entries\":4"))
    }

    @Test func verifyPinpointsATamperedEntryWithExitStatus1() throws {
        let ws = try CLIWorkspace()
        for i in 0..<5 {
            try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"text\":\"entry number \(i)\"}", "--key", "bob.pem"])
        }
        let path = ws.path("ledger/entries.jsonl")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "entry number 3", with: "entry number 8")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try ws.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("first bad entry: 5"))
        #expect(result.stdout.contains("signature"))
        let json = try ws.run(["verify", "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"code\":\"signature\""))
        #expect(json.stdout.contains("\"seq\":5"))
        // log reads on, but a damaged line stops it with status 1.
        try (text + "garbage\n").write(toFile: path, atomically: false, encoding: .utf8)
        let log = try ws.run(["log"])
        #expect(log.status == 1)
        #expect(log.stderr.contains("damaged at entry 7"))
    }

    @Test func tornTailIsReportedThenRecovered() throws {
        let ws = try CLIWorkspace()
        let handle = try #require(FileHandle(forWritingAtPath: ws.path("ledger/entries.jsonl")))
        handle.seekToEndOfFile()
        handle.write(Data("{\"body\":{\"te".utf8))
        try handle.close()
        let broken = try ws.run(["verify"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("recover"))
        let recovered = try ws.expectSuccess(["recover"])
        #expect(recovered.stdout.contains("12 bytes"))
        #expect(recovered.stdout.contains("quarantine/"))
        try ws.expectSuccess(["verify"])
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{}", "--key", "admin.pem"])
        #expect(try ws.expectSuccess(["recover"]).stdout.contains("nothing to recover"))
    }

    @Test func lockHolderIsNamedWithNoWait() throws {
        let ws = try CLIWorkspace()
        let ledger = try FileLedger.open(ws.path("ledger"))
        try ledger.withWriter(.noWait) { _ in
            let result = try ws.run(["append", "--no-wait", "--type", "note.text", "--body", "{}", "--key", "admin.pem"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("locked by pid \(ProcessInfo.processInfo.processIdentifier)"))
        }
    }

    @Test func twoProcessesAppendingAtOnceLoseNothing() throws {
        let ws = try CLIWorkspace()
        let loop: @Sendable (String, String) -> String = { key, tag in
            "for i in 1 2 3 4 5 6 7 8 9 10; do '\(CLI.binary)' append --type note.text --body \"{\\\"writer\\\":\\\"\(tag)\\\",\\\"i\\\":$i}\" --key \(key) --json || exit 1; done"
        }
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            let outcome = try? ProcessRunner.shell(n == 0 ? loop("admin.pem", "a") : loop("bob.pem", "b"), directory: ws.dir.path)
            results.set(n, outcome)
        }
        for n in 0..<2 {
            let outcome = try #require(results.get(n))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.split(separator: "\n").count == 10)
        }
        let verify = try ws.expectSuccess(["verify", "--json"])
        #expect(verify.stdout.contains("\"verified_entries\":22"))
        let log = try ws.expectSuccess(["log", "--type", "note.text"])
        #expect(log.stdout.split(separator: "\n").count == 20)
    }

    @Test func helpTeachesExitStatusesAndExamples() throws {
        let ws = try CLIWorkspace(initialise: false)
        let help = try ws.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("1 integrity failure"))
        let append = try ws.run(["append", "--help"])
        #expect(append.stdout.contains("@FILE"))
        #expect(append.stdout.contains("Examples:"))
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: ProcessResult] = [:]
    func set(_ key: Int, _ value: ProcessResult?) { lock.lock(); values[key] = value; lock.unlock() }
    func get(_ key: Int) -> ProcessResult? { lock.lock(); defer { lock.unlock() }; return values[key] }
}

@Suite struct InitTests {
    @Test func aP256AdminNeedsAnEd25519LogKey() throws {
        let ws = try CLIWorkspace(initialise: false)
        try ws.expectSuccess(["keys", "generate", "--out", "admin.pem", "--no-encrypt", "--algorithm", "p256"])
        try ws.expectSuccess(["keys", "generate", "--out", "log.pem", "--no-encrypt"])
        let refused = try ws.run(["init", "--origin", "example.com/p", "--key", "admin.pem"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--log-key"))
        #expect(!FileManager.default.fileExists(atPath: ws.path("ledger")))
        let created = try ws.expectSuccess(["init", "--origin", "example.com/p", "--key", "admin.pem", "--log-key", "log.pem.pub"])
        let logKey = try PublicKey(pem: String(contentsOfFile: ws.path("log.pem.pub"), encoding: .utf8))
        #expect(created.stdout.contains("log key: \(logKey.id.hex)"))
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{}", "--key", "admin.pem"])
        // The log key signs checkpoints, not entries: it was never enrolled.
        let notEnrolled = try ws.run(["append", "--type", "note.text", "--body", "{}", "--key", "log.pem"])
        #expect(notEnrolled.status == 2)
        try ws.expectSuccess(["verify"])
        let again = try ws.run(["init", "--origin", "example.com/p", "--key", "admin.pem", "--log-key", "log.pem.pub"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}
