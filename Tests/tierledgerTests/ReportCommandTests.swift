import Foundation
import Ledger
import Testing
import TestSupport

/// The report command as a compliance officer runs it: every format parses, --sign verifies with
/// openssl, outputs never overwrite or follow links unasked.
@Suite struct ReportCommandTests {
    /// A license, its approval, an outage, a ticket and a checkpoint, at fixed times.
    static func workspace() throws -> CLIWorkspace {
        let ws = try CLIWorkspace(initialise: false)
        func at(_ time: String, _ arguments: [String]) throws {
            try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": time])
        }
        for name in ["admin", "ops", "deal"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try ws.expectSuccess(["keys", "generate", "--out", "officer.pem", "--no-encrypt", "--algorithm", "p256"])
        try at("2026-01-05T09:00:00Z", ["init", "--origin", "example.com/reports", "--key", "admin.pem"])
        try at("2026-01-05T09:01:00Z", ["principal", "enroll", "ops", "--role", "operator", "--role", "proposer", "--public-key", "ops.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:02:00Z", ["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:03:00Z", ["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        try at("2026-01-05T10:00:00Z", ["change", "propose", "issue", "--license", "A-1", "--customer", "acme, \"the\" corp", "--tier", "team",
                                        "--seats", "10", "--term-months", "12", "--reason", "new logo", "--key", "ops.pem"])
        try at("2026-01-05T11:00:00Z", ["change", "approve", "CR-4", "--yes", "--key", "deal.pem"])
        try at("2026-01-05T12:00:00Z", ["change", "apply", "CR-4", "--key", "ops.pem"])
        try at("2026-02-05T12:00:00Z", ["sla", "incident", "--start", "2026-02-01T10:00:00Z", "--end", "2026-02-01T20:00:00Z", "--severity", "sev1",
                                        "--tier", "team", "--summary", "EU <outage> & recovery", "--key", "ops.pem"])
        try at("2026-02-05T13:00:00Z", ["sla", "ticket", "--license", "A-1", "--priority", "sev1", "--opened", "2026-02-02T09:00:00Z",
                                        "--first-response", "2026-02-02T13:00:00Z", "--resolved", "2026-02-03T09:00:00Z", "--key", "ops.pem"])
        try at("2026-02-05T14:00:00Z", ["checkpoint", "--key", "admin.pem"])
        return ws
    }

    /// Enrols the principals that sign reports: officer (auditor, P-256) and comp (compliance, Ed25519).
    static func enrolSigners(_ ws: CLIWorkspace) throws {
        try ws.expectSuccess(["keys", "generate", "--out", "comp.pem", "--no-encrypt"])
        try ws.expectSuccess(["principal", "enroll", "officer", "--role", "auditor", "--public-key", "officer.pem.pub", "--key", "admin.pem"],
                             environment: ["TIERLEDGER_TIME": "2026-02-06T09:00:00Z"])
        try ws.expectSuccess(["principal", "enroll", "comp", "--role", "compliance", "--public-key", "comp.pem.pub", "--key", "admin.pem"],
                             environment: ["TIERLEDGER_TIME": "2026-02-06T09:01:00Z"])
    }

    @Test func everyFormatParses() throws {
        let ws = try Self.workspace()
        for kind in ["changelog", "audit", "health"] {
            let json = try ws.expectSuccess(["report", kind, "--format", "json"]).stdout
            try json.write(toFile: ws.path("\(kind).json"), atomically: false, encoding: .utf8)
            let valid = try Self.validate([ws.path("\(kind).json")])
            #expect(valid.status == 0, "\(kind).json: \(valid.stderr)")
            let value = try JSONParser.parse(Array(json.utf8))
            #expect(value["report"]?.stringValue == kind)
            #expect(value["schema"] == .integer(1))
            #expect(value["attestation"]?["tree_size"] == .integer(9))
            #expect(value["attestation"]?["checkpoint"]?["status"] == "verified")

            try ws.expectSuccess(["report", kind, "--format", "csv", "--out", "\(kind).csv"])
            let csv = try ProcessRunner.run("python3", ["-c", """
                import csv, sys
                rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
                assert rows[0][0] == 'record', rows[0]
                assert all(len(r) == len(rows[0]) for r in rows), 'ragged rows'
                assert [r[1] for r in rows if r[0] == 'attestation'][:2] == ['origin', 'tree size'], rows
                print(len(rows))
                """, ws.path("\(kind).csv")])
            #expect(csv.status == 0, "\(kind).csv: \(csv.stderr)")

            try ws.expectSuccess(["report", kind, "--format", "html", "--out", "\(kind).html"])
            let html = try String(contentsOfFile: ws.path("\(kind).html"), encoding: .utf8)
            #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(!html.contains("<script"))
            #expect(!html.contains("<outage>"))
            let balanced = try ProcessRunner.run("python3", ["-c", """
                import html.parser, sys
                void = {'meta', 'br', 'hr', 'img', 'input', 'link'}
                class Check(html.parser.HTMLParser):
                    def __init__(self):
                        super().__init__(); self.stack = []; self.errors = []
                    def handle_starttag(self, tag, attrs):
                        if tag not in void: self.stack.append(tag)
                    def handle_startendtag(self, tag, attrs): pass
                    def handle_endtag(self, tag):
                        if self.stack and self.stack[-1] == tag: self.stack.pop()
                        else: self.errors.append(tag)
                c = Check(); c.feed(open(sys.argv[1], encoding='utf-8').read())
                assert not c.stack and not c.errors, (c.stack, c.errors)
                """, ws.path("\(kind).html")])
            #expect(balanced.status == 0, "\(kind).html: \(balanced.stderr)")

            let md = try ws.expectSuccess(["report", kind]).stdout
            #expect(md.contains("## Attestation"))
            #expect(md.contains("| verify | intact"))
        }
        // The figures behind the SLA finding: 600 minutes down in February's 40,320 is 9851 bp, under
        // Team's 9900 step: 10 % of what the customer pays, 239.00 less the 8 % term discount.
        let health = try ws.expectSuccess(["report", "health"]).stdout
        #expect(health.contains("uptime 98.51 % against 99.50 %; 1 of 1 tickets outside their targets"))
        #expect(health.contains("credit 21.99 EUR (10 % of 219.88 EUR)"))
        let attainment = try ws.expectSuccess(["sla", "attainment", "--month", "2026-02", "--json"]).stdout
        #expect(attainment.contains("\"credit\":2199"))
        #expect(attainment.contains("\"response_minutes\":240"))
    }

    /// Validates JSON files against docs/report-schema.json (JSON Schema 2020-12) with python3's jsonschema.
    static func validate(_ files: [String]) throws -> ProcessResult {
        try ProcessRunner.run("python3", ["-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            for path in sys.argv[2:]:
                errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(path))))
                assert not errors, (path, [e.message for e in errors[:3]])
            """, Fixtures.repositoryRoot + "/docs/report-schema.json"] + files)
    }

    @Test func theSampleYearsReportsMatchTheirSchema() throws {
        let dir = try TemporaryDirectory("schema")
        // A copy: readers write rebuildable caches beside a ledger, and other tests read the sample at the same time.
        let copy = try ProcessRunner.shell("cp -r '\(Fixtures.repositoryRoot)/ledger-samples/acme/ledger' acme && rm -rf acme/merkle acme/entries.idx",
                                           directory: dir.path)
        #expect(copy.status == 0, "\(copy.stderr)")
        var files: [String] = []
        for kind in ["changelog", "audit", "health"] {
            for scope in [[], ["--from", "2026-04-01", "--to", "2026-06-30"], ["--tier", "enterprise"]] {
                let out = dir.file("\(kind)-\(files.count).json")
                let made = try CLI.run(["report", kind, "--ledger", dir.file("acme"), "--format", "json",
                                        "--out", out, "--quiet"] + scope, in: dir)
                #expect(made.status == 0, "\(made.stderr)")
                files.append(out)
            }
        }
        let valid = try Self.validate(files)
        #expect(valid.status == 0, "\(valid.stderr)")
        // The schema is not a formality: a report with a member it does not know fails it.
        let broken = dir.file("broken.json")
        let text = try String(contentsOfFile: files[3], encoding: .utf8).replacingOccurrences(of: "\"checks\":", with: "\"checks_run\":")
        try text.write(toFile: broken, atomically: false, encoding: .utf8)
        #expect(try Self.validate([broken]).status != 0)
    }

    @Test func signedReportsVerifyWithOpenSSL() throws {
        let ws = try Self.workspace()
        try Self.enrolSigners(ws)
        let signed = try ws.expectSuccess(["report", "audit", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "html",
                                           "--out", "q1.html", "--sign", "comp.pem"])
        #expect(signed.stdout.contains("signature q1.html.sig"))
        #expect(signed.stderr.contains("openssl pkeyutl -verify"))
        let ok = try ProcessRunner.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", ws.path("q1.html.pub"), "-rawin",
                                                   "-in", ws.path("q1.html"), "-sigfile", ws.path("q1.html.sig")])
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        // P-256: openssl dgst.
        try ws.expectSuccess(["report", "changelog", "--format", "json", "--out", "log.json", "--sign", "officer.pem"])
        let p256 = try ProcessRunner.run("openssl", ["dgst", "-sha256", "-verify", ws.path("log.json.pub"), "-signature", ws.path("log.json.sig"),
                                                     ws.path("log.json")])
        #expect(p256.status == 0, "\(p256.stdout) \(p256.stderr)")
        // One changed byte and the signature fails.
        var bytes = try #require(FileManager.default.contents(atPath: ws.path("q1.html")))
        bytes[100] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: ws.path("q1.html")))
        let bad = try ProcessRunner.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", ws.path("q1.html.pub"), "-rawin",
                                                    "-in", ws.path("q1.html"), "-sigfile", ws.path("q1.html.sig")])
        #expect(bad.status != 0)
    }

    /// A signed report is its file, FILE.sig and FILE.pub: when one of them cannot be written, none is.
    @Test func aSignedReportIsWrittenWholeOrNotAtAll() throws {
        let ws = try Self.workspace()
        try Self.enrolSigners(ws)
        let files = ["q1.md", "q1.md.sig", "q1.md.pub"]
        func present() -> [String] { files.filter { FileManager.default.fileExists(atPath: ws.path($0)) } }
        for blocker in ["q1.md.sig", "q1.md.pub"] {
            try "kept".write(toFile: ws.path(blocker), atomically: false, encoding: .utf8)
            let refused = try ws.run(["report", "audit", "--out", "q1.md", "--sign", "comp.pem"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("\(blocker) already exists"), "\(refused.stderr)")
            #expect(refused.stderr.contains("nothing was written"))
            #expect(present() == [blocker], "\(blocker): \(present())")
            #expect(try String(contentsOfFile: ws.path(blocker), encoding: .utf8) == "kept")
            try FileManager.default.removeItem(atPath: ws.path(blocker))
        }
        // A link among the outputs: refused before anything is written, even with --force.
        try FileManager.default.createSymbolicLink(atPath: ws.path("q1.md.pub"), withDestinationPath: ws.path("elsewhere.pub"))
        let linked = try ws.run(["report", "audit", "--out", "q1.md", "--sign", "comp.pem", "--force"])
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: ws.path("q1.md")))
        #expect(!FileManager.default.fileExists(atPath: ws.path("elsewhere.pub")))
        try FileManager.default.removeItem(atPath: ws.path("q1.md.pub"))
        try ws.expectSuccess(["report", "audit", "--out", "q1.md", "--sign", "comp.pem"])
        #expect(present() == files)
        // No temporary file is left beside them.
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir.path).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func outputsAreNeverOverwrittenOrFollowedUnasked() throws {
        let ws = try Self.workspace()
        try ws.expectSuccess(["report", "audit", "--out", "a.md"])
        let again = try ws.run(["report", "audit", "--out", "a.md"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        try ws.expectSuccess(["report", "audit", "--out", "a.md", "--force"])
        try FileManager.default.createSymbolicLink(atPath: ws.path("link.md"), withDestinationPath: ws.path("a.md"))
        let link = try ws.run(["report", "audit", "--out", "link.md", "--force"])
        #expect(link.status == 2)
        #expect(link.stderr.contains("symbolic link"))
        let unsigned = try ws.run(["report", "audit", "--sign", "admin.pem"])
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("--sign needs --out"))
        let badRange = try ws.run(["report", "audit", "--from", "last tuesday"])
        #expect(badRange.status == 2)
        #expect(badRange.stderr.contains("--from last tuesday"))
        let badFormat = try ws.run(["report", "audit", "--format", "pdf"])
        #expect(badFormat.status == 2)
    }

    @Test func aDamagedLedgerIsReportedAsSuch() throws {
        let ws = try Self.workspace()
        let path = ws.path("ledger/entries.jsonl")
        let original = try String(contentsOfFile: path, encoding: .utf8)
        // A body edit that breaks the workflow rules: no report is built from it.
        try original.replacingOccurrences(of: "\"seats\":10", with: "\"seats\":11").write(toFile: path, atomically: false, encoding: .utf8)
        let refused = try ws.run(["report", "audit", "--out", "refused.md"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("damaged at entry 4"))
        #expect(!FileManager.default.fileExists(atPath: ws.path("refused.md")))
        // A forged signature replays, but verify fails: the report is written and says so, and the exit status is 1.
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sig = try #require(lines[5].range(of: "\"sig\":\""))
        let at = lines[5].index(sig.upperBound, offsetBy: 3)
        lines[5].replaceSubrange(at...at, with: lines[5][at] == "A" ? "B" : "A")
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let result = try ws.run(["report", "audit", "--out", "damaged.md"])
        #expect(result.status == 1)
        let md = try String(contentsOfFile: ws.path("damaged.md"), encoding: .utf8)
        #expect(md.contains("| verify | FAILED: entry 5"))
    }
}
