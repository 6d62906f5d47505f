import Foundation
import Testing
import TestSupport

/// Signed reports by the right people: `report --sign` only with the key of a principal holding a
/// role the policy's report_signers names, and `report verify` checking the signature, the
/// attested head and the signer's role at that head.
@Suite struct ReportSigningTests {
    static func signedWorkspace() throws -> CLIWorkspace {
        let ws = try ReportCommandTests.workspace()
        try ReportCommandTests.enrolSigners(ws)
        return ws
    }

    @Test func onlyReportSigningRolesSign() throws {
        let ws = try Self.signedWorkspace()
        try ws.expectSuccess(["keys", "generate", "--out", "stranger.pem", "--no-encrypt"])
        for (key, why) in [("admin.pem", "admin (roles admin) may not sign reports"), ("ops.pem", "ops (roles operator, proposer) may not sign reports"),
                           ("stranger.pem", "is enrolled to no principal")] {
            let refused = try ws.run(["report", "audit", "--out", "a.md", "--sign", key])
            #expect(refused.status == 2, "\(key): \(refused.stderr)")
            #expect(refused.stderr.contains("error[RPT-002]"), "\(refused.stderr)")
            #expect(refused.stderr.contains(why), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: ws.path("a.md")))
            #expect(!FileManager.default.fileExists(atPath: ws.path("a.md.sig")))
        }
        let byCompliance = try ws.expectSuccess(["report", "audit", "--out", "a.md", "--sign", "comp.pem"])
        #expect(byCompliance.stdout.contains("of comp (compliance)"))
        let byAuditor = try ws.expectSuccess(["report", "health", "--out", "h.md", "--sign", "officer.pem"])
        #expect(byAuditor.stdout.contains("of officer (auditor)"))
        // A role removed: its holder signs no more reports.
        try ws.expectSuccess(["principal", "roles", "comp", "--remove", "compliance", "--add", "operator", "--key", "admin.pem"],
                             environment: ["TIERLEDGER_TIME": "2026-02-07T09:00:00Z"])
        let removed = try ws.run(["report", "audit", "--out", "b.md", "--sign", "comp.pem"])
        #expect(removed.status == 2)
        #expect(removed.stderr.contains("comp (roles operator) may not sign reports"), "\(removed.stderr)")
    }

    @Test func verifyReadsTheAttestationOfEveryForm() throws {
        let ws = try Self.signedWorkspace()
        for format in ["md", "json", "csv", "html"] {
            try ws.expectSuccess(["report", "changelog", "--format", format, "--out", "log.\(format)", "--sign", "comp.pem"])
            let ok = try ws.expectSuccess(["report", "verify", "log.\(format)"])
            #expect(ok.stdout.contains("signature valid"), "\(format): \(ok.stdout)")
            #expect(ok.stdout.contains("of comp (compliance)"))
            #expect(ok.stdout.contains("tree size 11"), "\(format): \(ok.stdout)")
        }
        // The signature and key named explicitly.
        try FileManager.default.moveItem(atPath: ws.path("log.json.sig"), toPath: ws.path("elsewhere.sig"))
        let missing = try ws.run(["report", "verify", "log.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("log.json.sig"))
        try ws.expectSuccess(["report", "verify", "log.json", "--sig", "elsewhere.sig", "--public-key", "comp.pem.pub"])
    }

    @Test func verifyRefusesAlteredReportsAndForeignLedgers() throws {
        let ws = try Self.signedWorkspace()
        try ws.expectSuccess(["report", "audit", "--format", "html", "--out", "q.html", "--sign", "officer.pem"])
        // One changed byte: RPT-003, exit 1.
        var bytes = try #require(FileManager.default.contents(atPath: ws.path("q.html")))
        try bytes.write(to: URL(fileURLWithPath: ws.path("copy.html")))
        bytes[200] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: ws.path("q.html")))
        let altered = try ws.run(["report", "verify", "q.html"])
        #expect(altered.status == 1)
        #expect(altered.stderr.contains("error[RPT-003]"), "\(altered.stderr)")
        // The same report against another ledger: its attested head is not there (RPT-004).
        let other = try ReportCommandTests.workspace()
        try ReportCommandTests.enrolSigners(other)
        for name in ["copy.html"] {
            try FileManager.default.copyItem(atPath: ws.path(name), toPath: other.path(name))
        }
        let foreign = try other.run(["report", "verify", "copy.html", "--sig", ws.path("q.html.sig"), "--public-key", ws.path("q.html.pub")])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("error[RPT-004]"), "\(foreign.stderr)")
        #expect(foreign.stderr.contains("this ledger's entries give"))
        // A signed file that is not a report: RPT-005.
        try "just text\n".write(toFile: ws.path("note.txt"), atomically: false, encoding: .utf8)
        let sign = try ProcessRunner.run("openssl", ["pkeyutl", "-sign", "-inkey", ws.path("comp.pem"), "-rawin", "-in", ws.path("note.txt"),
                                                     "-out", ws.path("note.txt.sig")])
        #expect(sign.status == 0, "\(sign.stderr)")
        let unreadable = try ws.run(["report", "verify", "note.txt", "--public-key", "comp.pem.pub"])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("error[RPT-005]"), "\(unreadable.stderr)")
    }

    /// The role is judged at the report's attested head, not now: a report signed while the signer
    /// held the role still verifies after it lost it, and one signed (by hand, with openssl) over a
    /// head where the signer held no such role is refused.
    @Test func theSignersRoleIsJudgedAtTheAttestedHead() throws {
        let ws = try Self.signedWorkspace()
        try ws.expectSuccess(["report", "audit", "--format", "json", "--out", "before.json", "--sign", "comp.pem"])
        try ws.expectSuccess(["principal", "roles", "comp", "--remove", "compliance", "--add", "operator", "--key", "admin.pem"],
                             environment: ["TIERLEDGER_TIME": "2026-02-07T09:00:00Z"])
        let still = try ws.expectSuccess(["report", "verify", "before.json"])
        #expect(still.stdout.contains("of comp (compliance)"))
        try ws.expectSuccess(["report", "audit", "--format", "csv", "--out", "after.csv"])
        let sign = try ProcessRunner.run("openssl", ["pkeyutl", "-sign", "-inkey", ws.path("comp.pem"), "-rawin", "-in", ws.path("after.csv"),
                                                     "-out", ws.path("after.csv.sig")])
        #expect(sign.status == 0, "\(sign.stderr)")
        let refused = try ws.run(["report", "verify", "after.csv", "--public-key", "comp.pem.pub"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error[RPT-002]"), "\(refused.stderr)")
        #expect(refused.stderr.contains("comp (roles operator) may not sign reports"))
    }

    /// `report_signers` in approvals.yaml: checked by `policy check`, obeyed by `report --sign`.
    @Test func thePolicyNamesWhoSignsReports() throws {
        let ws = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: ws.path("p"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: PolicyCommandTests.policies + "/tiers.yaml", toPath: ws.path("p/tiers.yaml"))
        let approvals = try String(contentsOfFile: PolicyCommandTests.policies + "/approvals.yaml", encoding: .utf8)
        func write(_ signers: String) throws {
            try approvals.replacingOccurrences(of: "\nrules:\n", with: "\nreport_signers: \(signers)\n\nrules:\n")
                .write(toFile: ws.path("p/approvals.yaml"), atomically: false, encoding: .utf8)
        }
        try write("[compliance, proposer, compliance, approver:nowhere]")
        let bad = try ws.run(["policy", "check", "p"])
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("report_signers: proposer may not sign reports"), "\(bad.stdout)")
        #expect(bad.stdout.contains("report_signers names compliance twice"))
        #expect(bad.stdout.contains("area \"nowhere\" is not declared"))
        try write("[]")
        #expect(try ws.run(["policy", "check", "p"]).stdout.contains("report_signers is empty"))

        try write("[compliance]")
        try ws.expectSuccess(["policy", "check", "p"])
        try ws.expectSuccess(["policy", "adopt", "p", "--key", "admin.pem"])
        try ws.expectSuccess(["keys", "generate", "--out", "aud.pem", "--no-encrypt"])
        try ws.expectSuccess(["keys", "generate", "--out", "comp.pem", "--no-encrypt"])
        try ws.expectSuccess(["principal", "enroll", "aud", "--role", "auditor", "--public-key", "aud.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["principal", "enroll", "comp", "--role", "compliance", "--public-key", "comp.pem.pub", "--key", "admin.pem"])
        let auditor = try ws.run(["report", "changelog", "--out", "c.md", "--sign", "aud.pem"])
        #expect(auditor.status == 2)
        #expect(auditor.stderr.contains("report_signers allows compliance"), "\(auditor.stderr)")
        try ws.expectSuccess(["report", "changelog", "--out", "c.md", "--sign", "comp.pem"])
        try ws.expectSuccess(["report", "verify", "c.md"])
    }
}
