import Foundation
import Ledger
import LedgerCrypto
import Server
import Testing
import TestSupport

/// The portal's in-browser verifier (`VerifyScript.source`) run in headless Chromium (Debian's
/// `chromium` and `chromium-driver`, driven by Selenium from PyPI through Tests/Browser/verify_script.py).
///
/// A real ledger of 102 entries (Ed25519 and P-256 signers), a checkpoint signed by its log key and
/// cosigned by two witnesses, proofs made by the store: written as fixture pages with the trust JSON of
/// `TrustAnchors`, served on 127.0.0.1 under the portal's Content-Security-Policy, and each case's
/// verify controls clicked in one browser. Good rows must show ✓ with the size and the witnesses;
/// each alteration must show ✗ with its reason. `make test` requires it (TIERLEDGER_REQUIRE_BROWSER=1,
/// installed by scripts/ensure-browser-deps.sh); elsewhere it runs when the browser and Selenium are there.
@Suite struct BrowserVerifyTests {
    static var required: Bool { ProcessInfo.processInfo.environment["TIERLEDGER_REQUIRE_BROWSER"] == "1" }
    static let browserDirectory = Fixtures.repositoryRoot + "/Tests/Browser"

    /// Why the browser cannot run here, or nil.
    static func missing() -> String? {
        let check = try? ProcessRunner.run("python3", ["-c", "import harness; print(harness.missing() or '')"],
                                           environment: ["PYTHONDONTWRITEBYTECODE": "1"], directory: browserDirectory)
        guard let check else { return "python3 could not be run" }
        guard check.status == 0 else { return "python3 cannot import Selenium (\(check.stderr.split(separator: "\n").last ?? ""))" }
        let why = check.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return why.isEmpty ? nil : why
    }

    @Test func verdictsInHeadlessChromium() throws {
        if let why = Self.missing() {
            #expect(!Self.required, "the browser tests are required (TIERLEDGER_REQUIRE_BROWSER=1) but cannot run: \(why)")
            if !Self.required { print("BrowserVerifyTests skipped: \(why)") }
            return
        }
        let fixture = try VerifyFixture()
        let pages = try VerifyPages(fixture: fixture)
        let witnessNames = "cosigned by \(VerifyFixture.witnessOne), \(VerifyFixture.witnessTwo)"
        let size = fixture.size

        // Good rows: Ed25519 and P-256 signers, the genesis, and one answer without a signer key.
        try pages.write("good", rows: Array(0...5), axe: true, screenshot: true, withoutSigner: [5])
        // One witness cosigned and the page asks for one.
        try pages.write("quorum-one", rows: [3], checkpoint: fixture.noteCosignedByOne, quorum: 1)
        try pages.write("proof-altered", rows: [7], proof: { seq, json in Self.alterProof(json) })
        try pages.write("line-altered", rows: [8], entry: { seq, line in (line.replacingOccurrences(of: "quick", with: "quack"), nil) })
        try pages.write("line-and-hash-altered", rows: [9], withoutSigner: [9], entry: { seq, line in
            let altered = line.replacingOccurrences(of: "quick", with: "quack")
            return (altered, Digest.of(Array(altered.utf8)).hex)
        })
        try pages.write("entry-signature-altered", rows: [10], entry: { seq, line in
            let altered = try Self.alterEntrySignature(line)
            return (altered, Digest.of(Array(altered.utf8)).hex)
        })
        try pages.write("wrong-signer-key", rows: [11], signerKey: { _ in fixture.fixture.bob.publicKey })
        try pages.write("checkpoint-signature-altered", rows: [3], checkpoint: try Self.alterSignature(fixture.note, of: fixture.origin, at: 4 + 10))
        try pages.write("witness-altered", rows: [3],
                        checkpoint: try Self.alterSignature(fixture.note, of: VerifyFixture.witnessTwo, at: 4 + 8 + 10))
        try pages.write("quorum-not-met", rows: [3], checkpoint: fixture.noteCosignedByOne, quorum: 2)
        try pages.write("wrong-log-key", rows: [3], logKey: try PrivateKey.generate(.ed25519).publicKey)
        try pages.write("missing-entry", rows: [12], missingEntries: [12])
        try pages.write("hundred-rows", rows: Array(2..<102), click: "all", runs: 3)
        try pages.finish()

        let clock = ContinuousClock(), started = clock.now
        let run = try ProcessRunner.run("python3", [Self.browserDirectory + "/verify_script.py", pages.root],
                                        environment: ["PYTHONDONTWRITEBYTECODE": "1", "SE_AVOID_STATS": "true"])
        try #require(run.status == 0, "verify_script.py failed (status \(run.status)):\n\(run.stdout.suffix(3_000))\n\(run.stderr.suffix(3_000))")
        if let keep = ProcessInfo.processInfo.environment["TIERLEDGER_BROWSER_ARTIFACTS"] {
            // The pages, their data and the screenshot, to look at or to rerun verify_script.py on.
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: pages.root, toPath: keep)
        }
        let result = try BrowserResult(json: run.stdout)
        print("BrowserVerifyTests: \(pages.count) pages in headless Chromium in \(clock.now - started)")

        let good = try result.rows("good")
        #expect(good.count == 6)
        for (seq, row) in good {
            #expect(row.verdict == "ok", "good row \(seq): \(row.text)")
            #expect(row.text.hasPrefix("✓ in the log's checkpoint of \(size) entries, \(witnessNames)"), "good row \(seq): \(row.text)")
        }
        #expect(good["2"]?.text.contains("signed by key \(fixture.fixture.bob.publicKey.id.short)") == true, "a P-256 signature is checked")
        #expect(good["3"]?.text.contains("signed by key \(fixture.fixture.admin.publicKey.id.short)") == true, "an Ed25519 signature is checked")
        #expect(good["5"]?.text.contains("; signed by key") == false, "no signer key given: no entry signature claimed")
        let axe = try result.axeSerious("good")
        #expect(axe.isEmpty, "axe-core: serious or critical violations:\n\(axe)")

        let one = try #require(try result.rows("quorum-one")["3"])
        #expect(one.verdict == "ok" && one.text.contains("cosigned by \(VerifyFixture.witnessOne)") && !one.text.contains(VerifyFixture.witnessTwo),
                "\(one.text)")

        let expectations: [(String, String, String)] = [
            ("proof-altered", "7", "✗ the inclusion proof does not lead to the checkpoint's root"),
            ("line-altered", "8", "✗ the line does not match its hash"),
            ("line-and-hash-altered", "9", "✗ the inclusion proof does not lead to the checkpoint's root"),
            ("entry-signature-altered", "10", "✗ the entry's signature does not verify with its signer's key"),
            ("wrong-signer-key", "11", "✗ the signer's public key does not match its key id"),
            ("checkpoint-signature-altered", "3", "✗ the log's signature on the checkpoint does not verify"),
            ("witness-altered", "3", "✗ witness \(VerifyFixture.witnessTwo)'s cosignature does not verify"),
            ("quorum-not-met", "3", "✗ witness quorum not met: 1 of the 2 trusted witnesses cosigned, 2 needed"),
            ("wrong-log-key", "3", "✗ the checkpoint carries no signature by the log key this page trusts"),
            ("missing-entry", "12", "✗ could not fetch entry 12 (HTTP 404)"),
        ]
        for (name, seq, text) in expectations {
            let row = try #require(try result.rows(name)[seq], "case \(name) has no row \(seq)")
            #expect(row.verdict == "bad", "case \(name): \(row.text)")
            #expect(row.text == text, "case \(name)")
        }

        let hundred = try result.rows("hundred-rows")
        #expect(hundred.count == 100 && hundred.values.allSatisfy { $0.verdict == "ok" })
        #expect(try result.status("hundred-rows") == "100 of 100 rows verified")
        let times = try result.elapsed("hundred-rows")
        #expect(times.count == 3)
        let shown = times.map { String(format: "%.0f", $0) }.joined(separator: ", ")
        print("BrowserVerifyTests: \"Verify all\" over 100 rows in headless Chromium \(result.browser): \(shown) ms (three runs)")
    }

    static func alterProof(_ proof: JSONValue) -> JSONValue {
        guard case var .object(members) = proof, case var .array(hashes)? = members["hashes"],
              let first = hashes.first?.stringValue, let bytes = Base64.decode(first)
        else { return proof }
        var flipped = bytes
        flipped[0] ^= 0x01
        hashes[0] = .string(Base64.encode(flipped))
        members["hashes"] = .array(hashes)
        return .object(members)
    }

    /// Flips one bit in the last byte of the line's top-level signature (a P-256 signature stays valid DER).
    static func alterEntrySignature(_ line: String) throws -> String {
        let marker = ",\"sig\":\""
        let start = try #require(line.range(of: marker, options: .backwards))
        let end = try #require(line[start.upperBound...].firstIndex(of: "\""))
        var bytes = try #require(Base64.decode(String(line[start.upperBound..<end])))
        bytes[bytes.count - 1] ^= 0x01
        return line.replacingCharacters(in: start.upperBound..<end, with: Base64.encode(bytes))
    }

    /// Flips one bit of byte `index` (key id included) in the signature line named `name`.
    static func alterSignature(_ note: String, of name: String, at index: Int) throws -> String {
        var lines = note.components(separatedBy: "\n")
        let prefix = "\u{2014} \(name) "
        let n = try #require(lines.firstIndex { $0.hasPrefix(prefix) })
        var bytes = try #require(Base64.decode(String(lines[n].dropFirst(prefix.count))))
        bytes[index] ^= 0x01
        lines[n] = prefix + Base64.encode(bytes)
        return lines.joined(separator: "\n")
    }
}

/// A ledger of 102 entries, its checkpoint cosigned by two witnesses, and the keys.
struct VerifyFixture {
    static let witnessOne = "witness-one.example"
    static let witnessTwo = "witness-two.example"

    let fixture: LedgerFixture
    let witnesses: [VerifierKey]
    let origin: String
    let size: Int
    /// Signed by the log and cosigned by both witnesses.
    let note: String
    /// Signed by the log and cosigned by the first witness only.
    let noteCosignedByOne: String
    let lines: [String]

    init() throws {
        // Entries 2–11 alternate between bob (P-256, even) and admin (Ed25519, odd); 90 more in two batches.
        fixture = try LedgerFixture(notes: 10)
        for (batch, key) in [fixture.bob, fixture.admin].enumerated() {
            let drafts = (0..<45).map { n in
                EntryDraft(type: "note.text", body: ["text": .string("batch \(batch) note \(n): the quick brown fox"), "n": .integer(Int64(n))])
            }
            try fixture.ledger.append(drafts, signedBy: key, authority: KeyRegistry(), at: fixture.at(Int64(20 + batch)))
        }
        let one = try PrivateKey.generate(.ed25519), two = try PrivateKey.generate(.ed25519)
        witnesses = [try VerifierKey(name: Self.witnessOne, kind: .cosignatureV1, publicKey: one.publicKey),
                     try VerifierKey(name: Self.witnessTwo, kind: .cosignatureV1, publicKey: two.publicKey)]
        let signed = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        let byOne = try Cosignature.add(to: signed.note, key: one, name: Self.witnessOne, timestamp: 1_798_000_000)
        noteCosignedByOne = byOne.serialized
        note = try Cosignature.add(to: byOne, key: two, name: Self.witnessTwo, timestamp: 1_798_000_100).serialized
        origin = fixture.ledger.config.origin
        size = signed.checkpoint.size
        lines = try fixture.lines().map { String(decoding: $0, as: UTF8.self) }
        // The fixture is what the project's own verifier accepts.
        _ = try Checkpoint.verify(note: note, logKey: fixture.ledger.logVerifierKey, witnesses: witnesses)
    }

    func signerKey(of line: String) throws -> PublicKey {
        let id = try #require(try JSONParser.parse(Array(line.utf8))["signer"]?.stringValue)
        return id == fixture.bob.publicKey.id.hex ? fixture.bob.publicKey : fixture.admin.publicKey
    }
}

/// Writes the fixture pages: `portal/assets/verify.js`, and per case `cases/NAME/index.html` with its
/// entries, checkpoint and proofs, and `cases.json` listing them for verify_script.py.
final class VerifyPages {
    let directory: TemporaryDirectory
    let fixture: VerifyFixture
    private var cases: [JSONValue] = []

    var root: String { directory.path }
    var count: Int { cases.count }

    init(fixture: VerifyFixture) throws {
        directory = try TemporaryDirectory("browser-verify")
        self.fixture = fixture
        try Self.write(VerifyScript.source, to: directory.file("portal/assets/verify.js"))
    }

    // swiftlint:disable:next function_parameter_count
    func write(_ name: String, rows: [Int], click: String = "each", runs: Int = 1, axe: Bool = false, screenshot: Bool = false,
               checkpoint: String? = nil, quorum: Int? = nil, logKey: PublicKey? = nil, withoutSigner: Set<Int> = [],
               missingEntries: Set<Int> = [], signerKey: ((Int) -> PublicKey)? = nil,
               entry alterEntry: ((Int, String) throws -> (String, String?))? = nil,
               proof alterProof: ((Int, JSONValue) -> JSONValue)? = nil) throws {
        let folder = directory.file("cases/\(name)")
        let config = try LedgerConfig(origin: fixture.origin, logKey: logKey ?? fixture.fixture.ledger.config.logKey)
        let trust = try TrustAnchors(config: config, witnesses: fixture.witnesses, quorum: quorum,
                                     endpoints: .init(entry: "entries/{seq}.json", checkpoint: "checkpoint.txt", proof: "proofs/{seq}-{size}.json"))
        try Self.write(checkpoint ?? fixture.note, to: folder + "/checkpoint.txt")
        for seq in rows {
            var line = fixture.lines[seq]
            var hash = Digest.of(Array(line.utf8)).hex
            if let alterEntry {
                let (altered, newHash) = try alterEntry(seq, line)
                line = altered
                hash = newHash ?? hash
            }
            var members: [String: JSONValue] = ["seq": .integer(Int64(seq)), "line": .string(line), "hash": .string(hash)]
            if !withoutSigner.contains(seq) {
                let named = try fixture.signerKey(of: fixture.lines[seq])
                let key = signerKey?(seq) ?? named
                members["signer"] = .object(["key_id": .string(named.id.hex), "algorithm": .string(key.algorithm.rawValue),
                                             "public_key": .string(Base64.encode(key.subjectPublicKeyInfo))])
            }
            if !missingEntries.contains(seq) {
                try Self.write(String(decoding: CanonicalJSON.encode(.object(members)), as: UTF8.self), to: folder + "/entries/\(seq).json")
            }
            let proof = try fixture.fixture.ledger.checkedInclusionProof(seq: Int64(seq), size: fixture.size).proof.json
            try Self.write(String(decoding: CanonicalJSON.encode(alterProof?(seq, proof) ?? proof), as: UTF8.self),
                           to: folder + "/proofs/\(seq)-\(fixture.size).json")
        }
        try Self.write(Self.page(title: name, trust: trust, rows: rows), to: folder + "/index.html")
        cases.append(.object(["name": .string(name), "click": .string(click), "runs": .integer(Int64(runs)),
                              "axe": .bool(axe), "screenshot": .bool(screenshot)]))
    }

    func finish() throws {
        try Self.write(String(decoding: CanonicalJSON.encode(.array(cases)), as: UTF8.self), to: directory.file("cases.json"))
    }

    /// A history table as the portal's pages mark it up (docs/portal.md), with the trust element.
    static func page(title: String, trust: TrustAnchors, rows: [Int]) -> String {
        let body = rows.map { seq in
            "<tr><td>\(seq)</td><td><button type=\"button\" class=\"verify\" data-seq=\"\(seq)\" aria-label=\"Verify entry \(seq)\">Verify</button></td>"
                + "<td><output data-verify-for=\"\(seq)\"></output></td></tr>"
        }.joined(separator: "\n")
        let keys = trust.rows.map { "<li>\($0.kind.rawValue) \($0.name): <code>\($0.fingerprint)</code></li>" }.joined()
        return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>History: \(title)</title>
        \(trust.scriptElement)
        <script src="/portal/assets/verify.js" defer></script></head>
        <body><main><h1>History</h1>
        <table><caption>Entries of this account</caption>
        <thead><tr><th scope="col">Entry</th><th scope="col">Check</th><th scope="col">Result</th></tr></thead>
        <tbody>
        \(body)
        </tbody></table>
        <p><button type="button" id="verify-all">Verify all</button> <output id="verify-all-status"></output></p>
        <h2>Keys this page trusts</h2><ul>\(keys)</ul>
        </main></body></html>
        """
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}

/// What verify_script.py printed.
struct BrowserResult {
    struct Row { let verdict: String; let text: String }
    let cases: [String: Any]
    let browser: String

    init(json: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        cases = try #require(object["cases"] as? [String: Any])
        browser = object["browser"] as? String ?? "?"
    }

    private func entry(_ name: String) throws -> [String: Any] { try #require(cases[name] as? [String: Any], "no case \(name)") }

    func rows(_ name: String) throws -> [String: Row] {
        let rows = try #require(try entry(name)["rows"] as? [String: [String: String]])
        return rows.mapValues { Row(verdict: $0["verdict"] ?? "", text: $0["text"] ?? "") }
    }

    func axeSerious(_ name: String) throws -> String { try entry(name)["axe_serious"] as? String ?? "" }
    func status(_ name: String) throws -> String { try entry(name)["status"] as? String ?? "" }
    func elapsed(_ name: String) throws -> [Double] { try entry(name)["elapsed_ms"] as? [Double] ?? [] }
}
