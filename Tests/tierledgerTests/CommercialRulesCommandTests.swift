import Foundation
import Ledger
import Testing
import TestSupport

/// Trials, overage and who may apply a change, through the command line: a trial within its tier's
/// limits converted with its history, one left to run out, both seen by the health report; overage
/// priced in quotes and in health findings; a termination its proposer may not apply.
@Suite struct CommercialRulesCommandTests {
    static func workspace() throws -> (CLIWorkspace, (String, [String]) throws -> ProcessResult) {
        let ws = try CLIWorkspace(initialise: false)
        func at(_ time: String, _ arguments: [String]) throws -> ProcessResult {
            try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": time])
        }
        for name in ["admin", "ops", "ops2", "deal", "lee", "fin"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try at("2026-01-05T09:00:00Z", ["init", "--origin", "example.com/commercial", "--key", "admin.pem"])
        for (name, roles) in [("ops", ["operator", "proposer"]), ("ops2", ["operator"]), ("deal", ["approver:deal-desk"]),
                              ("lee", ["approver:legal"]), ("fin", ["approver:finance"])] {
            try at("2026-01-05T09:01:00Z", ["principal", "enroll", name] + roles.flatMap { ["--role", $0] } + ["--public-key", "\(name).pem.pub", "--key", "admin.pem"])
        }
        try at("2026-01-05T09:03:00Z", ["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])   // entry 6
        return (ws, at)
    }

    @Test func aTrialWithinItsLimitsConvertsAndAnotherRunsOut() throws {
        let (ws, at) = try Self.workspace()
        func run(_ time: String, _ arguments: [String]) throws -> ProcessResult { try ws.run(arguments, environment: ["TIERLEDGER_TIME": time]) }
        let tooLong = try run("2026-01-06T10:00:00Z", ["change", "propose", "trial", "--license", "T-1", "--customer", "tryco", "--tier", "team", "--seats", "5",
                                                       "--ends", "2026-02-10", "--reason", "evaluation", "--key", "ops.pem"])
        #expect(tooLong.status == 2)
        #expect(tooLong.stderr.contains("runs at most 30 days"))
        let proposed = try at("2026-01-06T10:00:00Z", ["change", "propose", "trial", "--license", "T-1", "--customer", "tryco", "--tier", "team",
                                                       "--seats", "5", "--ends", "2026-02-04", "--reason", "evaluation", "--key", "ops.pem"])
        #expect(proposed.stdout.contains("CR-7"))
        _ = try at("2026-01-06T11:00:00Z", ["change", "approve", "CR-7", "--yes", "--key", "deal.pem"])
        _ = try at("2026-01-06T12:00:00Z", ["change", "apply", "CR-7", "--key", "ops.pem"])          // entry 9
        _ = try at("2026-01-06T13:00:00Z", ["change", "propose", "trial", "--license", "T-2", "--customer", "lapseco", "--tier", "business",
                                            "--seats", "20", "--ends", "2026-01-15", "--reason", "evaluation", "--key", "ops.pem"])   // CR-10
        _ = try at("2026-01-06T14:00:00Z", ["change", "approve", "CR-10", "--yes", "--key", "deal.pem"])
        _ = try at("2026-01-06T15:00:00Z", ["change", "apply", "CR-10", "--key", "ops.pem"])
        let shown = try ws.expectSuccess(["license", "show", "T-1", "--as-of", "2026-01-20"]).stdout
        #expect(shown.contains("trial:    since entry 9, ending 2026-02-05T00:00:00.000Z"))
        let upgrade = try run("2026-01-07T10:00:00Z", ["change", "propose", "upgrade", "--license", "T-1", "--to-tier", "business", "--reason", "x", "--key", "ops.pem"])
        #expect(upgrade.status == 2)
        #expect(upgrade.stderr.contains("is a trial; convert it to a paid license first"))

        // Near its end, T-1 is a finding; T-2 has run out unconverted.
        let health = try ws.expectSuccess(["report", "health", "--to", "2026-01-31", "--format", "json", "--out", "health.json"])
        _ = health
        let valid = try ReportCommandTests.validate([ws.path("health.json")])
        #expect(valid.status == 0, "\(valid.stderr)")
        let report = try JSONParser.parse(Array(try String(contentsOfFile: ws.path("health.json"), encoding: .utf8).utf8))
        let findings = (report["findings"]?.arrayValue ?? []).compactMap { f -> String? in
            guard let c = f["category"]?.stringValue, c.hasPrefix("trial") || c.hasPrefix("expired") || c.hasPrefix("renewal") else { return nil }
            return "\(c) \(f["subject"]?.stringValue ?? "")"
        }
        #expect(findings.sorted() == ["trial-ending T-1", "trial-expired T-2"])

        // Converted: a paid license with the trial's history.
        _ = try at("2026-02-01T10:00:00Z", ["change", "propose", "convert", "--license", "T-1", "--term-months", "12", "--seats", "12",
                                            "--reason", "bought a year", "--key", "ops.pem"])   // CR-13
        #expect(try ws.expectSuccess(["change", "show", "CR-13"]).stdout.contains("12 seats"))
        _ = try at("2026-02-01T11:00:00Z", ["change", "approve", "CR-13", "--yes", "--key", "deal.pem"])
        _ = try at("2026-02-01T12:00:00Z", ["change", "apply", "CR-13", "--key", "ops.pem"])
        let converted = try ws.expectSuccess(["license", "show", "T-1", "--as-of", "2026-02-02"]).stdout
        #expect(converted.contains("trial:    begun in entry 9, converted to a paid license in entry 15"))
        #expect(converted.contains("changes:  entries 9, 15"))
        #expect(converted.contains("team, 12 seats"))
        let after = try ws.expectSuccess(["report", "health", "--to", "2026-02-02", "--format", "json"]).stdout
        #expect(!after.contains("\"trial-ending\""))
        #expect(after.contains("\"trial-expired\""))
        try ws.expectSuccess(["verify"])
    }

    @Test func overageInQuotesAndInTheHealthReport() throws {
        let quoted = try CLIWorkspace(initialise: false)
        let plain = try quoted.expectSuccess(["quote", "--tier", "team", "--seats", "10", "--policies", PolicyCommandTests.policies, "--json"]).stdout
        let over = try quoted.expectSuccess(["quote", "--tier", "team", "--seats", "10", "--usage", "api-calls=1250000", "--policies", PolicyCommandTests.policies, "--json"]).stdout
        let (p, o) = (try JSONParser.parse(Array(plain.utf8)), try JSONParser.parse(Array(over.utf8)))
        let line = try #require(o["lines"]?.arrayValue?.last)
        #expect(line["kind"] == "overage")
        #expect(line["amount"] == .integer(2_500))
        #expect(o["total"]?.integerValue == (p["total"]?.integerValue ?? 0) + 2_500)
        let text = try quoted.expectSuccess(["quote", "--tier", "team", "--seats", "10", "--usage", "api-calls=1250000", "--policies", PolicyCommandTests.policies]).stdout
        #expect(text.contains("api-calls overage: 250000 over 1000000 a month, 25 × 1.00 EUR per 10,000"))
        let unsold = try quoted.run(["quote", "--tier", "team", "--seats", "10", "--usage", "activations=6000", "--policies", PolicyCommandTests.policies])
        #expect(unsold.status == 2)
        #expect(unsold.stderr.contains("does not sell activations above its quota of 5000"))
        let bad = try quoted.run(["quote", "--tier", "team", "--seats", "10", "--usage", "api-calls", "--policies", PolicyCommandTests.policies])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("METRIC=N"))

        let (ws, at) = try Self.workspace()
        _ = try at("2026-01-06T10:00:00Z", ["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "team", "--seats", "5",
                                            "--term-months", "12", "--reason", "new", "--key", "ops.pem"])
        _ = try at("2026-01-06T11:00:00Z", ["change", "approve", "CR-7", "--yes", "--key", "deal.pem"])
        _ = try at("2026-01-06T12:00:00Z", ["change", "apply", "CR-7", "--key", "ops.pem"])
        try "license,metric,period_start,period_end,value\nA-1,api-calls,2026-01-01,2026-01-31,1250000\n".write(toFile: ws.path("usage.csv"), atomically: false, encoding: .utf8)
        _ = try at("2026-02-01T08:00:00Z", ["usage", "import", "usage.csv", "--key", "ops.pem"])
        let health = try ws.expectSuccess(["report", "health", "--to", "2026-02-01", "--format", "csv"]).stdout
        let row = try #require(health.split(separator: "\r\n").first { $0.contains("quota-overage") })
        #expect(row.contains("250,000 over, which costs 25.00 EUR at Team's overage rate of 1.00 EUR per 10,000 api-calls"))
        #expect(row.contains("cheapest remedy: add extra-api-calls (+10,000,000 api-calls): +250.00 EUR a month"))
        #expect(row.contains("paying the overage (25.00 EUR a month) costs less than any remedy"))
    }

    @Test func aRuleForbidsTheProposerToApplyTheChange() throws {
        let (ws, at) = try Self.workspace()
        let explained = try ws.expectSuccess(["policy", "explain", "terminate", "--policies", PolicyCommandTests.policies]).stdout
        #expect(explained.contains("applied by an operator other than the proposer"))
        _ = try at("2026-01-06T10:00:00Z", ["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "team", "--seats", "5",
                                            "--term-months", "12", "--reason", "new", "--key", "ops.pem"])
        _ = try at("2026-01-06T11:00:00Z", ["change", "approve", "CR-7", "--yes", "--key", "deal.pem"])
        _ = try at("2026-01-06T12:00:00Z", ["change", "apply", "CR-7", "--key", "ops.pem"])      // the standard rule lets the proposer apply
        _ = try at("2026-01-07T10:00:00Z", ["change", "propose", "terminate", "--license", "A-1", "--reason", "customer left", "--key", "ops.pem"])  // CR-10
        #expect(try ws.expectSuccess(["change", "show", "CR-10"]).stdout.contains("applied not by its proposer (rule termination-or-transfer)"))
        _ = try at("2026-01-07T11:00:00Z", ["change", "approve", "CR-10", "--yes", "--key", "lee.pem"])
        _ = try at("2026-01-07T12:00:00Z", ["change", "approve", "CR-10", "--yes", "--key", "fin.pem"])
        let refused = try ws.run(["change", "apply", "CR-10", "--key", "ops.pem"], environment: ["TIERLEDGER_TIME": "2026-01-07T13:00:00Z"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error[GOV-003]"))
        #expect(refused.stderr.contains("ops proposed it, and rule termination-or-transfer forbids the proposer to apply it"))
        #expect(try ws.expectSuccess(["change", "show", "CR-10"]).stdout.contains("an operator applies it (not by its proposer, by rule termination-or-transfer)"))
        _ = try at("2026-01-07T14:00:00Z", ["change", "apply", "CR-10", "--key", "ops2.pem"])
        #expect(try ws.expectSuccess(["license", "show", "A-1"]).stdout.contains("terminated"))
        try ws.expectSuccess(["verify"])
        // The audit summary recomputes who applied what from the replayed requests.
        let audit = try ws.expectSuccess(["report", "audit", "--quiet"]).stdout
        #expect(audit.contains("| separation of duties: no change applied by a proposer or approver its rule forbids | 2 changes | passed |"))
    }
}
