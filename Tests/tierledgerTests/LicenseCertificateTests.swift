import Foundation
import Ledger
import LedgerCrypto
import Licensing
import Testing
import TestSupport

/// License certificates, checked offline in four ways — the Licensing library, `tierledger license
/// check`, the Python reference written from docs/format.md (bench/peer/license_check.py) and, for
/// validity alone, the shell and openssl recipe of docs/format.md §15 (scripts/check-license-by-hand.sh)
/// — on a valid certificate and on damaged and unsuitable ones: every way gives the same verdict.
@Suite struct LicenseCertificateTests {
    static let peer = Fixtures.repositoryRoot + "/bench/peer/license_check.py"
    static let byHand = Fixtures.repositoryRoot + "/scripts/check-license-by-hand.sh"
    static let origin = "example.com/licensing"

    /// A ledger with two licenses (A-1 active, S-1 suspended), a licensor, certificates of both,
    /// a witness's cosigned copy of A-1's, and a note entry to build an unsuitable certificate on.
    final class Lab: @unchecked Sendable {
        let ws: CLIWorkspace
        let vkey: String
        let witnessVkey: String
        let otherLogVkey: String
        let certificate: LicenseCertificate
        let suspended: String
        let cosigned: String
        let noteCertificate: String
        let otherLicensor: [UInt8]

        init() throws {
            let ws = try CLIWorkspace(initialise: false)
            self.ws = ws
            func at(_ time: String, _ arguments: [String]) throws {
                try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": time])
            }
            for name in ["admin", "ops", "deal", "lic", "other", "witness"] {
                try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"])
            }
            try at("2026-01-05T09:00:00Z", ["init", "--origin", LicenseCertificateTests.origin, "--key", "admin.pem"])
            try at("2026-01-05T09:01:00Z", ["principal", "enroll", "ops", "--role", "operator", "--role", "proposer", "--public-key", "ops.pem.pub",
                                            "--key", "admin.pem"])
            try at("2026-01-05T09:02:00Z", ["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
            try at("2026-01-05T09:03:00Z", ["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
            try at("2026-01-05T09:04:00Z", ["principal", "enroll", "lic", "--role", "licensor", "--public-key", "lic.pem.pub", "--key", "admin.pem"])
            try at("2026-01-05T09:05:00Z", ["principal", "enroll", "other", "--role", "licensor", "--public-key", "other.pem.pub", "--key", "admin.pem"])
            var request = 6
            for (license, time) in [("A-1", "2026-01-05T10"), ("S-1", "2026-01-05T11")] {
                try at(time + ":00:00Z", ["change", "propose", "issue", "--license", license, "--customer", "acme", "--tier", "team", "--seats", "10",
                                          "--term-months", "12", "--reason", "new", "--key", "ops.pem"])
                try at(time + ":10:00Z", ["change", "approve", "CR-\(request)", "--yes", "--key", "deal.pem"])
                try at(time + ":20:00Z", ["change", "apply", "CR-\(request)", "--key", "ops.pem"])
                request += 3
            }
            try at("2026-01-06T09:00:00Z", ["change", "emergency", "suspend", "--license", "S-1", "--reason", "unpaid", "--key", "admin.pem"])
            try at("2026-01-06T10:00:00Z", ["append", "--type", "license.note", "--body", "{\"about\":\"A-1\"}", "--key", "ops.pem"])
            try at("2026-01-07T09:00:00Z", ["license", "certificate", "A-1", "--key", "lic.pem", "--grace-days", "14", "--log-key", "admin.pem",
                                            "--out", "a1.license"])
            try at("2026-01-07T09:10:00Z", ["license", "certificate", "S-1", "--key", "lic.pem", "--log-key", "admin.pem", "--out", "s1.license"])
            vkey = try ws.expectSuccess(["keys", "show", "admin.pem.pub", "--vkey", "--name", LicenseCertificateTests.origin]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            witnessVkey = try ws.expectSuccess(["keys", "show", "witness.pem.pub", "--vkey", "--cosigner", "--name", "witness.example"]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            otherLogVkey = try ws.expectSuccess(["keys", "show", "other.pem.pub", "--vkey", "--name", LicenseCertificateTests.origin]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            certificate = try LicenseCertificate(armoured: try String(contentsOfFile: ws.path("a1.license"), encoding: .utf8))
            suspended = try String(contentsOfFile: ws.path("s1.license"), encoding: .utf8)
            // A witness cosigns A-1's checkpoint.
            let witness = try PrivateKey(pem: try String(contentsOfFile: ws.path("witness.pem"), encoding: .utf8))
            let note = try Cosignature.add(to: try SignedNote(parsing: certificate.checkpoint), key: witness, name: "witness.example",
                                           timestamp: 1_767_776_400)   // 2026-01-07T09:00:00Z
            cosigned = Lab.with(certificate, checkpoint: note.serialized).armoured()
            // The same shape, built on the note entry (entry 13) against the latest checkpoint.
            let ledger = try FileLedger.open(ws.path("ledger"))
            let checkpoint = try #require(try ledger.savedCheckpoints().first)
            let proof = try ledger.inclusionProof(seq: 13, size: checkpoint.size)
            noteCertificate = LicenseCertificate(entryLine: try ledger.line(at: 13), leafIndex: 13, treeSize: checkpoint.size, proof: proof.hashes,
                                                 checkpoint: String(decoding: checkpoint.note, as: UTF8.self),
                                                 signerKey: certificate.signerKey).armoured()
            otherLicensor = try PublicKey(pem: try String(contentsOfFile: ws.path("other.pem.pub"), encoding: .utf8)).subjectPublicKeyInfo
        }

        static func with(_ c: LicenseCertificate, entry: [UInt8]? = nil, leafIndex: Int? = nil, treeSize: Int? = nil, proof: [Digest]? = nil,
                         checkpoint: String? = nil, signerKey: [UInt8]? = nil) -> LicenseCertificate {
            LicenseCertificate(entryLine: entry ?? c.entryLine, leafIndex: leafIndex ?? c.leafIndex, treeSize: treeSize ?? c.treeSize,
                               proof: proof ?? c.proof, checkpoint: checkpoint ?? c.checkpoint, signerKey: signerKey ?? c.signerKey)
        }

        /// The certificate with `old` replaced by `new` in its entry line.
        func editedEntry(_ old: String, _ new: String) -> String {
            let line = String(decoding: certificate.entryLine, as: UTF8.self)
            return Lab.with(certificate, entry: Array(line.replacingOccurrences(of: old, with: new).utf8)).armoured()
        }
    }

    struct Case: Sendable {
        let name: String
        let text: @Sendable (Lab) throws -> String
        var at = "2026-02-01T00:00:00Z"
        var options: @Sendable (Lab) -> [String] = { _ in [] }
        let code: String
    }

    static let cases: [Case] = [
        Case(name: "a valid certificate", text: { $0.certificate.armoured() }, code: "valid"),
        Case(name: "within the grace period", text: { $0.certificate.armoured() }, at: "2027-01-10T00:00:00Z", code: "in-grace"),
        Case(name: "after the grace period", text: { $0.certificate.armoured() }, at: "2027-02-01T00:00:00Z", code: "expired"),
        Case(name: "checked before it was issued", text: { $0.certificate.armoured() }, at: "2026-01-06T00:00:00Z", code: "not-yet-valid"),
        Case(name: "a checkpoint older than accepted", text: { $0.certificate.armoured() }, at: "2026-03-01T00:00:00Z",
             options: { _ in ["--max-checkpoint-age", "30d"] }, code: "checkpoint-too-old"),
        Case(name: "a suspended license", text: { $0.suspended }, code: "suspended"),
        Case(name: "a feature not granted", text: { $0.certificate.armoured() }, options: { _ in ["--feature", "sso"] }, code: "feature-not-granted"),
        Case(name: "a quota exceeded", text: { $0.certificate.armoured() }, options: { _ in ["--quota", "api-calls=999999999"] }, code: "quota-exceeded"),
        Case(name: "a metric without a quota", text: { $0.certificate.armoured() }, options: { _ in ["--quota", "unknown-metric=1"] }, code: "no-such-quota"),
        Case(name: "more seats than licensed", text: { $0.certificate.armoured() }, options: { _ in ["--seats", "11"] }, code: "seats-exceeded"),
        Case(name: "witnessed as required", text: { $0.cosigned }, options: { ["--witness", $0.witnessVkey] }, code: "valid"),
        Case(name: "unwitnessed when witnesses are required", text: { $0.certificate.armoured() }, options: { ["--witness", $0.witnessVkey] },
             code: "not-witnessed"),
        Case(name: "seats edited", text: { $0.editedEntry("\"seats\":10", "\"seats\":100") }, code: "not-in-log"),
        Case(name: "tier edited", text: { $0.editedEntry("\"tier\":\"team\"", "\"tier\":\"enterprise\"") }, code: "not-in-log"),
        Case(name: "term end edited", text: { $0.editedEntry("\"term_end\":\"2027", "\"term_end\":\"2029") }, code: "not-in-log"),
        Case(name: "grace edited", text: { $0.editedEntry("\"grace_days\":14", "\"grace_days\":90") }, code: "not-in-log"),
        Case(name: "customer edited", text: { $0.editedEntry("\"customer\":\"acme\"", "\"customer\":\"other\"") }, code: "not-in-log"),
        Case(name: "status edited", text: { $0.editedEntry("\"status\":\"active\"", "\"status\":\"activ\"") },
             code: "not-in-log"),
        Case(name: "a proof hash altered", text: { lab in
            var proof = lab.certificate.proof
            proof[0] = Digest.of(Array("x".utf8))
            return Lab.with(lab.certificate, proof: proof).armoured()
        }, code: "not-in-log"),
        Case(name: "a proof hash removed", text: { Lab.with($0.certificate, proof: Array($0.certificate.proof.dropLast())).armoured() }, code: "not-in-log"),
        Case(name: "another leaf index", text: { Lab.with($0.certificate, leafIndex: $0.certificate.leafIndex - 1).armoured() }, code: "not-in-log"),
        Case(name: "another tree size", text: { Lab.with($0.certificate, treeSize: $0.certificate.treeSize + 1).armoured() }, code: "not-in-log"),
        Case(name: "the checkpoint's root altered", text: { lab in
            let lines = lab.certificate.checkpoint.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var edited = lines
            edited[2] = Digest.of(Array("y".utf8)).base64
            return Lab.with(lab.certificate, checkpoint: edited.joined(separator: "\n")).armoured()
        }, code: "checkpoint"),
        Case(name: "a checkpoint of another log", text: { $0.certificate.armoured() }, options: { ["--vkey", $0.otherLogVkey] }, code: "checkpoint"),
        Case(name: "signed by another licensor's key", text: { Lab.with($0.certificate, signerKey: $0.otherLicensor).armoured() }, code: "signature"),
        Case(name: "a logged entry that is not a certification", text: { $0.noteCertificate }, code: "not-a-certification"),
        Case(name: "the armour cut short", text: { String($0.certificate.armoured().dropLast(40)) }, code: "malformed"),
        Case(name: "another format", text: { lab in
            guard case var .object(members) = lab.certificate.json else { return "" }
            members["format"] = "tierledger-license/9"
            return "-----BEGIN TIERLEDGER LICENSE-----\n" + Base64.encode(CanonicalJSON.encode(.object(members))) + "\n-----END TIERLEDGER LICENSE-----\n"
        }, code: "malformed"),
    ]

    @Test func everyCheckerGivesTheSameVerdict() throws {
        let lab = try Lab()
        #expect(Self.cases.count >= 25)
        var library: [String] = [], cli: [String] = [], python: [String] = [], shell: [Int: String] = [:]
        for (i, c) in Self.cases.enumerated() {
            let file = lab.ws.path("case-\(i).license")
            try c.text(lab).write(toFile: file, atomically: false, encoding: .utf8)
            var options = c.options(lab)
            let vkey = options.firstIndex(of: "--vkey").map { options[$0 + 1] } ?? lab.vkey
            if let index = options.firstIndex(of: "--vkey") { options.removeSubrange(index...(index + 1)) }
            // The library.
            var query = LicenseChecker.Query()
            var witnesses: [VerifierKey] = []
            var maxAge: Int64?
            var o = options[...]
            while let option = o.popFirst(), let value = o.popFirst() {
                switch option {
                case "--feature": query.feature = value
                case "--seats": query.seats = Int64(value)
                case "--quota":
                    let parts = value.split(separator: "=")
                    query.quotas.append((String(parts[0]), Int64(parts[1]) ?? 0))
                case "--witness": witnesses.append(try VerifierKey(parsing: value))
                case "--max-checkpoint-age": maxAge = Int64(value.dropLast())
                default: Issue.record("unknown option \(option)")
                }
            }
            let time = try #require(EntryTime(rfc3339: c.at.replacingOccurrences(of: "Z", with: ".000Z")))
            let verdict = LicenseChecker(logKey: try VerifierKey(parsing: vkey), witnesses: witnesses, maxCheckpointAgeDays: maxAge)
                .check(armoured: try c.text(lab), at: time, query: query)
            library.append(verdict.reason.code)
            #expect(verdict.allowed == (c.code == "valid" || c.code == "in-grace"), "\(c.name): \(verdict.reason)")
            // The command line.
            let args = ["license", "check", file, "--vkey", vkey, "--at", c.at, "--json"] + options
            let ran = try lab.ws.run(args)
            #expect(ran.status == (verdict.allowed ? 0 : 1), "\(c.name): \(ran.stdout) \(ran.stderr)")
            cli.append((try? JSONParser.parse(Array(ran.stdout.utf8)))?["code"]?.stringValue ?? "?")
            // The reference.
            let peer = try ProcessRunner.run("python3", [Self.peer, file, "--vkey", vkey, "--at", c.at] + options)
            #expect(peer.status == (verdict.allowed ? 0 : 1), "\(c.name): \(peer.stdout) \(peer.stderr)")
            python.append((try? JSONSerialization.jsonObject(with: Data(peer.stdout.utf8)) as? [String: Any])?["code"] as? String ?? "?")
            // By hand (docs/format.md §15), for the checks of validity alone.
            if options.isEmpty {
                let hand = try ProcessRunner.run("bash", [Self.byHand, file, vkey, c.at], directory: lab.ws.dir.path)
                #expect(hand.status == (verdict.allowed ? 0 : 1), "\(c.name): \(hand.stdout) \(hand.stderr)")
                let last = hand.stdout.split(separator: "\n").last.map(String.init) ?? ""
                shell[i] = last.split(separator: ":").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
            }
        }
        #expect(shell.count >= 18)
        for (i, code) in shell { #expect(code == Self.cases[i].code, "by hand, \(Self.cases[i].name): \(code)") }
        for (i, c) in Self.cases.enumerated() {
            #expect(library[i] == c.code, "library, \(c.name): \(library[i])")
            #expect(cli[i] == c.code, "command line, \(c.name): \(cli[i])")
            #expect(python[i] == c.code, "Python reference, \(c.name): \(python[i])")
        }
    }

    /// The ledger's rules stand behind a certificate: only a licensor certifies, and only what the ledger holds.
    @Test func onlyALicensorCertifiesOnlyWhatTheLedgerHolds() throws {
        let lab = try Lab()
        let refused = try lab.ws.run(["license", "certificate", "A-1", "--key", "ops.pem", "--out", "x.license"],
                                     environment: ["TIERLEDGER_TIME": "2026-01-08T00:00:00Z"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("needs licensor"), "\(refused.stderr)")
        // A certification stating more seats, forced into the file with the licensor's key: verify names it.
        let ledger = try FileLedger.open(lab.ws.path("ledger"))
        let head = try #require(try ledger.head())
        let original = try EntryDecoder.decode(lab.certificate.entryLine)
        guard case var .object(body) = original.body else { Issue.record("no body"); return }
        body["seats"] = 500
        let lic = try PrivateKey(pem: try String(contentsOfFile: lab.ws.path("lic.pem"), encoding: .utf8))
        let forged = try Chain.extend(after: head.tip, with: [EntryDraft(type: LicenseCertificate.entryType, body: .object(body))], signedBy: lic,
                                      at: head.time)
        try ledger.withWriter(.noWait) { writer in _ = try writer.append(forged) }
        let verify = try lab.ws.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("first bad entry: \(head.seq + 1)"))
        #expect(verify.stdout.contains("\"seats\" states 500, but the ledger holds 10"))
    }
}
