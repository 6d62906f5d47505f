import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// `ledger-samples/tampered/<case>/`: the sample's first quarter (entries 0–266), damaged one way
/// each, with a README that says what was done and what `verify` prints. This test rebuilds every
/// case from the sample, checks the committed bytes, and runs `verify` to check the README's
/// output word for word. With TIERLEDGER_WRITE_SAMPLES=1 it rewrites them instead.
@Suite struct TamperedSamplesTests {
    static let root = Fixtures.repositoryRoot
    static let source = "ledger-samples/acme"
    static let quarter = 267

    struct Case: Sendable {
        let name: String
        let what: String
        /// Extra arguments to `verify` (after `--ledger <dir>`).
        let verifyArguments: [String]
        let build: @Sendable ([String]) throws -> [String]
    }

    static func key(_ name: String) throws -> PrivateKey {
        try PrivateKey(pem: String(contentsOfFile: "\(root)/\(source)/keys/DEMO-ONLY-\(name).pem", encoding: .utf8))
    }

    /// A line re-signed after its body changed: still canonical, validly signed, chained to `prev`.
    static func entry(after line: String, type: String, body: JSONValue, by key: PrivateKey) throws -> String {
        let previous = try EntryDecoder.decode(Array(line.utf8))
        let entry = try Entry.signed(seq: previous.seq + 1, time: previous.time, prev: Digest.of(Array(line.utf8)), type: type, body: body, by: key)
        return String(decoding: entry.canonicalBytes, as: UTF8.self)
    }

    static let cases: [Case] = [
        Case(name: "edited-body",
             what: "In entry 105, a change proposal, the seat count 22 was made 220 with a text editor; nothing else was touched.",
             verifyArguments: [], build: { lines in
                 var out = lines
                 guard out[105].contains("\"seats\":22,") else { throw CLIWorkspace.Failed(description: "entry 105 does not propose 22 seats") }
                 out[105] = out[105].replacingOccurrences(of: "\"seats\":22,", with: "\"seats\":220,")
                 return out
             }),
        Case(name: "deleted-entry", what: "Entry 120 was deleted; the lines after it were left as they were.",
             verifyArguments: [], build: { lines in
                 var out = lines
                 out.remove(at: 120)
                 return out
             }),
        Case(name: "swapped-entries", what: "Entries 130 and 131 were swapped.",
             verifyArguments: [], build: { lines in
                 var out = lines
                 out.swapAt(130, 131)
                 return out
             }),
        Case(name: "non-canonical", what: "Entry 140 was re-serialised with a space after its first colon: the same JSON value, different bytes.",
             verifyArguments: [], build: { lines in
                 var out = lines
                 out[140] = out[140].replacingOccurrences(of: "{\"body\":{", with: "{\"body\": {")
                 return out
             }),
        Case(name: "truncated",
             what: "The last 67 entries (200–266) were cut off. The chain that is left is intact, so `verify` alone passes; "
                 + "the checkpoint of 267 entries that an auditor kept (copied here from the sample as held-267.checkpoint) shows the loss.",
             verifyArguments: ["--checkpoint", "ledger-samples/tampered/truncated/held-267.checkpoint"], build: { lines in
                 Array(lines.prefix(200))
             }),
        Case(name: "forged-role-grant",
             what: "An entry granting the admin role to the telemetry service was appended, correctly chained and validly signed — "
                 + "by the telemetry service's own key, which may sign usage records and nothing else.",
             verifyArguments: [], build: { lines in
                 let adoption = lines.lazy.compactMap { try? EntryDecoder.decode(Array($0.utf8)) }.first { $0.type == "policy.adopt" }
                 guard let last = lines.last, let policy = adoption?.body["hash"]?.stringValue else { return lines }
                 let body = PrincipalBodies.roles(name: "telemetry", add: [.admin], remove: [], policy: policy)
                 return lines + [try entry(after: last, type: "principal.roles", body: body, by: key("telemetry"))]
             }),
    ]

    @Test func everyTamperedSampleSaysWhatVerifyPrints() throws {
        let write = ProcessInfo.processInfo.environment["TIERLEDGER_WRITE_SAMPLES"] == "1"
        let text = try String(contentsOfFile: "\(Self.root)/\(Self.source)/ledger/entries.jsonl", encoding: .utf8)
        let lines = Array(text.split(separator: "\n").prefix(Self.quarter).map(String.init))
        #expect(lines.count == Self.quarter)
        let config = try #require(FileManager.default.contents(atPath: "\(Self.root)/\(Self.source)/ledger/ledger.json"))
        for c in Self.cases {
            let relative = "ledger-samples/tampered/\(c.name)"
            let dir = "\(Self.root)/\(relative)"
            let entries = Data((try c.build(lines).joined(separator: "\n") + "\n").utf8)
            if write {
                try? FileManager.default.removeItem(atPath: dir)
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try entries.write(to: URL(fileURLWithPath: dir + "/entries.jsonl"))
                try config.write(to: URL(fileURLWithPath: dir + "/ledger.json"))
                if c.name == "truncated" {
                    try FileManager.default.copyItem(atPath: "\(Self.root)/\(Self.source)/ledger/checkpoints/267.checkpoint", toPath: dir + "/held-267.checkpoint")
                }
            }
            #expect(FileManager.default.contents(atPath: dir + "/entries.jsonl") == entries,
                    "\(relative)/entries.jsonl is not what the case builds; rerun with TIERLEDGER_WRITE_SAMPLES=1")
            try Self.checkREADME(name: c.name, what: c.what, verifyArguments: c.verifyArguments, write: write)
        }
    }

    /// Runs `verify` on the case and checks (or writes) its README, which shows that output verbatim.
    static func checkREADME(name: String, what: String, verifyArguments: [String], write: Bool) throws {
        let relative = "ledger-samples/tampered/\(name)"
        let arguments = ["verify", "--ledger", relative] + verifyArguments
        let result = try ProcessRunner.run(CLI.binary, arguments, directory: root)
        #expect(result.status == 1, "\(name): \(result.stdout) \(result.stderr)")
        let printed = (result.stdout + result.stderr).trimmingCharacters(in: .newlines)
        let readme = """
            # Tampered sample: \(name)

            \(what)

            Made from the first quarter of `ledger-samples/acme` (entries 0–266) by
            `Tests/tierledgerTests/TamperedSamplesTests.swift`, which also checks that the output below is
            exactly what `verify` prints.

            ## What `verify` prints

            ```console
            $ tierledger \(arguments.joined(separator: " "))
            \(printed)
            $ echo $?
            \(result.status)
            ```

            """
        if write { try readme.write(toFile: "\(root)/\(relative)/README.md", atomically: false, encoding: .utf8) }
        let committed = try? String(contentsOfFile: "\(root)/\(relative)/README.md", encoding: .utf8)
        #expect(committed == readme, "\(relative)/README.md does not show what verify prints now; rerun with TIERLEDGER_WRITE_SAMPLES=1")
    }

    /// `high-s`: a P-256 signature spelled as (r, n − s). ECDSA signatures are randomised, so this
    /// case cannot be rebuilt byte for byte: the test checks what the committed bytes are instead —
    /// the sample's quarter, an enrolment of the P-256 key in `deskbot.pem.pub`, and a note whose
    /// signature is the high-S twin of a valid one.
    @Test func theHighSSampleIsAValidSignatureSpelledAnotherWay() throws {
        let write = ProcessInfo.processInfo.environment["TIERLEDGER_WRITE_SAMPLES"] == "1"
        let dir = "\(Self.root)/ledger-samples/tampered/high-s"
        let text = try String(contentsOfFile: "\(Self.root)/\(Self.source)/ledger/entries.jsonl", encoding: .utf8)
        let quarter = Array(text.split(separator: "\n").prefix(Self.quarter).map(String.init))
        // Written once: rewriting would make new random bytes. Delete the directory to make it anew.
        if write, !FileManager.default.fileExists(atPath: dir + "/entries.jsonl") {
            let deskbot = try PrivateKey.generate(.p256)
            let adoption = quarter.lazy.compactMap { try? EntryDecoder.decode(Array($0.utf8)) }.first { $0.type == "policy.adopt" }
            let policy = try #require(adoption?.body["hash"]?.stringValue)
            let enrol = try Self.entry(after: try #require(quarter.last), type: "principal.enroll",
                                       body: PrincipalBodies.enroll(name: "deskbot", roles: [.operator], key: deskbot.publicKey, policy: policy),
                                       by: Self.key("admin"))
            var note = try Self.entry(after: enrol, type: "license.note", body: ["customer": "acme", "note": "renewal call booked"], by: deskbot)
            let signature = try EntryDecoder.decode(Array(note.utf8)).signature
            note = note.replacingOccurrences(of: "\"sig\":\"\(Base64.encode(signature))\"",
                                             with: "\"sig\":\"\(Base64.encode(SignatureRespelling.highS.apply(to: signature)))\"")
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try ((quarter + [enrol, note]).joined(separator: "\n") + "\n").write(toFile: dir + "/entries.jsonl", atomically: false, encoding: .utf8)
            try FileManager.default.copyItem(atPath: "\(Self.root)/\(Self.source)/ledger/ledger.json", toPath: dir + "/ledger.json")
            try deskbot.publicKey.pem().write(toFile: dir + "/deskbot.pem.pub", atomically: false, encoding: .utf8)
        }
        let lines = try String(contentsOfFile: dir + "/entries.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(Self.quarter)) == quarter)
        #expect(lines.count == Self.quarter + 2)
        let deskbot = try PublicKey(pem: String(contentsOfFile: dir + "/deskbot.pem.pub", encoding: .utf8))
        let enrol = try EntryDecoder.decode(Array(lines[Self.quarter].utf8))
        #expect(enrol.type == "principal.enroll" && enrol.body["key"] == KeyDescriptor.json(deskbot))
        let note = try EntryDecoder.decode(Array(lines[Self.quarter + 1].utf8))
        #expect(note.signer == deskbot.id)
        #expect(ECDSASignature.parse(note.signature) == .failure(.highS))
        let lowS = try #require(ECDSASignature.normalising(note.signature))
        #expect(deskbot.isValidSignature(lowS, for: note.signedMessage))
        try Self.checkREADME(name: "high-s",
                             what: "Entry \(Self.quarter + 1), a note signed with a P-256 key, had its signature (r, s) rewritten as (r, n − s). "
                                 + "No key is needed for that, and OpenSSL accepts both; only the low-S spelling is valid here, "
                                 + "since every spelling would give the entry another hash.",
                             verifyArguments: [], write: write)
    }
}
