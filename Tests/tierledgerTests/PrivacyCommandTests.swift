import Foundation
import Ledger
import Testing
import TestSupport

/// Personal data in the sample ledger: a contact sealed, exported, erased; afterwards the ledger,
/// its proofs and every held checkpoint still check out, and no byte of the clear text is left in
/// the ledger directory, its caches, its snapshots or reports written after.
@Suite struct PrivacyCommandTests {
    static let name = "Zoë Quintrell-Abernathy"
    static let email = "zoe.quintrell@acme-contacts.example"
    static let otherName = "Grace Brewster Hopper"
    static let otherEmail = "grace.hopper@bee-contacts.example"

    /// The committed sample with two contacts recorded, a master key and a checkpoint held after them.
    static func workspace() throws -> CLIWorkspace {
        let ws = try CLIWorkspace(initialise: false)
        try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/ledger-samples/acme/ledger", toPath: ws.path("ledger"))
        for name in ["admin", "ops-2"] {
            try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/ledger-samples/acme/keys/DEMO-ONLY-\(name).pem", toPath: ws.path("\(name).pem"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ws.path("\(name).pem"))
        }
        try ws.expectSuccess(["privacy", "master-key", "generate", "--out", "master.key"])
        try ws.expectSuccess(["privacy", "contact", "--customer", "acme", "--subject", "acme-c1", "--name", name, "--email", email,
                              "--key", "admin.pem", "--master-key-file", "master.key"])
        try ws.expectSuccess(["privacy", "contact", "--customer", "bee", "--subject", "bee-c1", "--name", otherName, "--email", otherEmail,
                              "--key", "admin.pem", "--master-key-file", "master.key"])
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "held.checkpoint"])
        return ws
    }

    /// Every spelling of `text` a careless copy could leave: UTF-8, JSON-escaped, base64 (both
    /// alphabets), hex.
    static func spellings(_ text: String) -> [[UInt8]] {
        let utf8 = Array(text.utf8)
        let escaped = text.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04x", $0.value) }.joined()
        let base64 = Data(utf8).base64EncodedString()
        let base64url = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let hex = utf8.map { String(format: "%02x", $0) }.joined()
        return [utf8, Array(escaped.utf8), Array(base64.utf8), Array(base64url.utf8), Array(hex.utf8), Array(hex.uppercased().utf8)]
    }

    /// The files under `root` (recursively) whose bytes hold any spelling of `texts`.
    static func filesHolding(_ texts: [String], under root: String) throws -> [String] {
        let needles = texts.flatMap(spellings)
        var found: [String] = []
        for path in try #require(FileManager.default.subpathsOfDirectory(atPath: root) as [String]?) {
            guard let data = FileManager.default.contents(atPath: root + "/" + path) else { continue }
            let bytes = [UInt8](data)
            if needles.contains(where: { !$0.isEmpty && bytes.firstRange(of: $0) != nil }) { found.append(path) }
        }
        return found
    }

    @Test func erasingAContactKeepsTheChainAndLeavesNoClearText() throws {
        let ws = try Self.workspace()
        let ledger = ws.path("ledger")
        // Sealed from the first write: the ledger never held the clear text.
        #expect(try Self.filesHolding([Self.name, Self.email, Self.otherName, Self.otherEmail], under: ledger) == [])
        let before = try ws.expectSuccess(["privacy", "export", "acme-c1", "--master-key-file", "master.key"]).stdout
        let exported = try JSONParser.parse(Array(before.utf8))
        let fields = try #require(exported["records"]?.arrayValue?.first?["fields"])
        #expect(fields["name"]?.stringValue == Self.name)
        #expect(fields["email"]?.stringValue == Self.email)
        #expect(exported["status"]?.stringValue == "held")
        let contactSeq = try #require(exported["records"]?.arrayValue?.first?["seq"]?.integerValue)
        let size = contactSeq + 2
        try ws.run(["log", "--json", "--from", "\(contactSeq)", "--to", "\(contactSeq)"]).stdout
            .write(toFile: ws.path("contact.jsonl"), atomically: false, encoding: .utf8)
        try ws.run(["proof", "inclusion", "\(contactSeq)", "--size", "\(size)", "--json"]).stdout
            .write(toFile: ws.path("inc.json"), atomically: false, encoding: .utf8)

        let erased = try ws.expectSuccess(["privacy", "erase", "acme-c1", "--request", "DSR-118", "--key", "admin.pem", "--master-key-file", "master.key"])
        #expect(erased.stdout.contains("erased acme-c1"), "\(erased.stdout)")
        let again = try ws.run(["privacy", "erase", "acme-c1", "--key", "admin.pem", "--master-key-file", "master.key"])
        #expect(again.status == 2 && again.stderr.contains("PRV-008"), "\(again.stderr)")

        // The chain, the proofs and every held checkpoint are untouched.
        try ws.expectSuccess(["verify", "--quiet"])
        try ws.expectSuccess(["proof", "verify", "inc.json", "--entry", "contact.jsonl", "--checkpoint", "held.checkpoint"])
        for name in try FileManager.default.contentsOfDirectory(atPath: ws.path("ledger/checkpoints")) where name.hasSuffix(".checkpoint") {
            try ws.expectSuccess(["checkpoint", "verify", "ledger/checkpoints/\(name)"])
            let older = try #require(Int(name.prefix { $0.isNumber }))
            try ws.run(["proof", "consistency", "\(older)", "\(size + 1)", "--json"]).stdout
                .write(toFile: ws.path("cons.json"), atomically: false, encoding: .utf8)
            try ws.expectSuccess(["proof", "verify", "cons.json", "--checkpoint", "ledger/checkpoints/\(name)"])
        }

        // Every view shows the fields as erased; the other subject still exports.
        let after = try JSONParser.parse(Array(try ws.expectSuccess(["privacy", "export", "acme-c1", "--master-key-file", "master.key"]).stdout.utf8))
        #expect(after["status"]?.stringValue == "erased")
        #expect(after["records"]?.arrayValue?.first?["fields"]?["name"]?["erased"]?.boolValue == true)
        #expect(after["erasure"]?["request"]?.stringValue == "DSR-118")
        #expect(after["erasure"]?["principal"]?.stringValue == "admin")
        let other = try JSONParser.parse(Array(try ws.expectSuccess(["privacy", "export", "bee-c1", "--master-key-file", "master.key"]).stdout.utf8))
        #expect(other["records"]?.arrayValue?.first?["fields"]?["email"]?.stringValue == Self.otherEmail)
        let subjects = try ws.expectSuccess(["privacy", "subjects"]).stdout
        #expect(subjects.contains("acme-c1\terased (erasure in entry \(size))"), "\(subjects)")
        let checked = try ws.expectSuccess(["privacy", "check", "--master-key-file", "master.key"]).stdout
        #expect(checked.contains("2 sealed fields of 1 subject open and match their commitments; 1 subject is erased"), "\(checked)")
        #expect(subjects.contains("bee-c1\theld"), "\(subjects)")

        // Caches, snapshots and reports written after hold nothing of it.
        try ws.expectSuccess(["checkpoint", "--key", "admin.pem", "--out", "after.checkpoint"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path("ledger/snapshots")).contains { $0.hasSuffix(".state") })
        try ws.expectSuccess(["report", "audit", "--format", "json", "--out", "audit.json"])
        try ws.expectSuccess(["report", "changelog", "--format", "html", "--out", "changelog.html"])
        try ws.expectSuccess(["privacy", "export", "acme-c1", "--master-key-file", "master.key", "--out", "acme-c1.json"])
        try ws.expectSuccess(["log", "--json"]).stdout.write(toFile: ws.path("log.jsonl"), atomically: false, encoding: .utf8)
        #expect(try Self.filesHolding([Self.name, Self.email], under: ws.dir.path) == [])
        // The test would see clear text: the subject not erased is found once exported to a file.
        try ws.expectSuccess(["privacy", "export", "bee-c1", "--master-key-file", "master.key", "--out", "bee-c1.json"])
        #expect(try Self.filesHolding([Self.otherName], under: ws.dir.path) == ["bee-c1.json"])
    }

    @Test func wrongMissingOrStaleKeysDecryptNothing() throws {
        let ws = try Self.workspace()
        let store = ws.path("ledger/privacy-keys.json")
        try FileManager.default.copyItem(atPath: store, toPath: ws.path("keys-before-erasure.json"))

        // A wrong master key.
        try ws.expectSuccess(["privacy", "master-key", "generate", "--out", "other.key"])
        let wrong = try ws.run(["privacy", "export", "acme-c1", "--master-key-file", "other.key"])
        #expect(wrong.status == 2 && wrong.stderr.contains("PRV-003"), "\(wrong.stderr)")
        #expect(!wrong.stdout.contains(Self.name) && !wrong.stderr.contains(Self.name))
        let noKey = try ws.run(["privacy", "export", "acme-c1"])
        #expect(noKey.status == 2 && noKey.stderr.contains("PRV-001"), "\(noKey.stderr)")
        let master = try String(contentsOfFile: ws.path("master.key"), encoding: .utf8)
        let fromEnvironment = try ws.run(["privacy", "export", "bee-c1"], environment: ["TIERLEDGER_MASTER_KEY": master])
        #expect(fromEnvironment.status == 0 && fromEnvironment.stdout.contains(Self.otherEmail), "\(fromEnvironment.stderr)")

        // A missing key store.
        try FileManager.default.moveItem(atPath: store, toPath: ws.path("aside.json"))
        let missing = try ws.run(["privacy", "export", "bee-c1", "--master-key-file", "master.key"])
        #expect(missing.status == 2 && missing.stderr.contains("PRV-004"), "\(missing.stderr)")
        #expect(!missing.stdout.contains(Self.otherName))
        try FileManager.default.moveItem(atPath: ws.path("aside.json"), toPath: store)

        // A key store older than the ledger: a third subject recorded after the copy.
        try ws.expectSuccess(["privacy", "contact", "--customer", "cee", "--subject", "cee-c1", "--name", "Third Person", "--email", "third@cee.example",
                              "--key", "admin.pem", "--master-key-file", "master.key"])
        try ws.expectSuccess(["privacy", "erase", "acme-c1", "--key", "admin.pem", "--master-key-file", "master.key"])
        try FileManager.default.removeItem(atPath: store)
        try FileManager.default.copyItem(atPath: ws.path("keys-before-erasure.json"), toPath: store)
        let stale = try ws.run(["privacy", "export", "bee-c1", "--master-key-file", "master.key"])
        #expect(stale.status == 1 && stale.stderr.contains("PRV-006") && stale.stderr.contains("cee-c1"), "\(stale.stderr)")
        #expect(!stale.stdout.contains(Self.otherName))
        let subjects = try ws.expectSuccess(["privacy", "subjects"]).stdout
        #expect(subjects.contains("acme-c1\terased-key-restored"), "\(subjects)")
        #expect(subjects.contains("cee-c1\tkey-missing"), "\(subjects)")

        // Erasing again destroys the restored key and records nothing new.
        let count = try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n").count
        let reapplied = try ws.expectSuccess(["privacy", "erase", "acme-c1", "--key", "admin.pem", "--master-key-file", "master.key"])
        #expect(reapplied.stdout.contains("erased acme-c1 again"), "\(reapplied.stdout)")
        #expect(try String(contentsOfFile: ws.path("ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n").count == count)
        let restored = try ws.run(["privacy", "export", "acme-c1", "--master-key-file", "master.key"])
        #expect(restored.status == 1 && restored.stderr.contains("PRV-006") && restored.stderr.contains("cee-c1"), "\(restored.stderr)")
    }

    @Test func personalFieldsInTheClearAreRefused() throws {
        let ws = try Self.workspace()
        let clear = try ws.run(["append", "--type", "privacy.contact", "--body",
                                #"{"customer":"acme","email":"x@y.example","name":"Clear Text","subject":"acme-c9"}"#, "--key", "admin.pem"])
        #expect(clear.status == 2 && clear.stderr.contains("GOV-"), "\(clear.stderr)")
        let badSubject = try ws.run(["privacy", "contact", "--customer", "acme", "--subject", "Zoe@Example", "--name", "n", "--email", "e",
                                     "--key", "admin.pem", "--master-key-file", "master.key"])
        #expect(badSubject.status == 2 && badSubject.stderr.contains("PRV-011"), "\(badSubject.stderr)")
        let unknown = try ws.run(["privacy", "erase", "nobody-1", "--key", "admin.pem", "--master-key-file", "master.key"])
        #expect(unknown.status == 2 && unknown.stderr.contains("PRV-007"), "\(unknown.stderr)")
    }

    @Test func enforceErasesWhatOutlivedItsTiersRetention() throws {
        let ws = try Self.workspace()
        // The sample runs into 2027: these times are ahead of the machine's clock.
        let recorded = ["TIERLEDGER_TIME": "2027-02-01T00:00:00Z", "TIERLEDGER_ALLOW_FUTURE_TIME": "1"]
        // sierra-telecom-98 holds a starter license (30 days), fjord-analytics-85 a business one (365 days); nobody-co none.
        for (customer, subject) in [("sierra-telecom-98", "cobalt-c1"), ("fjord-analytics-85", "granite-c1"), ("nobody-co", "nobody-c1")] {
            try ws.expectSuccess(["privacy", "contact", "--customer", customer, "--subject", subject, "--name", "Name of \(subject)",
                                  "--email", "\(subject)@example.com", "--key", "admin.pem", "--master-key-file", "master.key"], environment: recorded)
        }
        let early = try ws.expectSuccess(["privacy", "enforce", "--dry-run", "--master-key-file", "master.key"],
                                         environment: ["TIERLEDGER_TIME": "2027-02-20T00:00:00Z", "TIERLEDGER_ALLOW_FUTURE_TIME": "1"]).stdout
        #expect(early.contains("nothing is past its retention"), "\(early)")
        let later = ["TIERLEDGER_TIME": "2027-03-10T00:00:00Z", "TIERLEDGER_ALLOW_FUTURE_TIME": "1"]
        let listed = try ws.expectSuccess(["privacy", "enforce", "--dry-run", "--master-key-file", "master.key"], environment: later).stdout
        #expect(listed.contains("due cobalt-c1 (customer sierra-telecom-98, 30-day retention ran out 2027-03-03T00:00:00.000Z)"), "\(listed)")
        #expect(listed.contains("kept granite-c1: within the 365-day retention"), "\(listed)")
        #expect(listed.contains("kept nobody-c1: customer nobody-co holds no license"), "\(listed)")
        #expect(try ws.expectSuccess(["privacy", "subjects"]).stdout.contains("cobalt-c1\theld"))

        let enforced = try ws.expectSuccess(["privacy", "enforce", "--key", "admin.pem", "--master-key-file", "master.key"], environment: later).stdout
        #expect(enforced.contains("erased cobalt-c1 (customer sierra-telecom-98"), "\(enforced)")
        let export = try JSONParser.parse(Array(try ws.expectSuccess(["privacy", "export", "cobalt-c1", "--master-key-file", "master.key"]).stdout.utf8))
        #expect(export["status"]?.stringValue == "erased")
        #expect(export["erasure"]?["basis"]?.stringValue == "retention")
        #expect(try Self.filesHolding(["Name of cobalt-c1"], under: ws.path("ledger")) == [])
        let granite = try ws.expectSuccess(["privacy", "export", "granite-c1", "--master-key-file", "master.key"]).stdout
        #expect(granite.contains("Name of granite-c1"))
        try ws.expectSuccess(["verify", "--quiet"])
        let again = try ws.expectSuccess(["privacy", "enforce", "--key", "admin.pem", "--master-key-file", "master.key"], environment: later).stdout
        #expect(again.contains("nothing is past its retention"), "\(again)")
    }
}
