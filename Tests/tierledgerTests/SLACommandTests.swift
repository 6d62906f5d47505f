import Foundation
import Ledger
import Testing
import TestSupport

/// `sla incident` and `sla attainment` make the calculation `report health` makes: the licenses an
/// incident affects are those in service while it ran, and every incident counts in its month,
/// whenever it was recorded.
@Suite struct SLACommandTests {
    /// A-1 (team, 10 seats) issued in January, B-1 (team) on 1 March; a February outage recorded in
    /// March, a March outage recorded in April.
    static func workspace() throws -> (CLIWorkspace, february: String, march: String) {
        let ws = try CLIWorkspace(initialise: false)
        @discardableResult
        func at(_ time: String, _ arguments: [String]) throws -> String {
            try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": time]).stdout
        }
        for name in ["admin", "ops", "deal"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try at("2026-01-05T09:00:00Z", ["init", "--origin", "example.com/sla", "--key", "admin.pem"])
        try at("2026-01-05T09:01:00Z", ["principal", "enroll", "ops", "--role", "operator", "--role", "proposer", "--public-key", "ops.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:02:00Z", ["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try at("2026-01-05T09:03:00Z", ["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        for (license, customer, day, cr) in [("A-1", "acme", "2026-01-05", "CR-4"), ("B-1", "bee", "2026-03-01", "CR-7")] {
            try at("\(day)T10:00:00Z", ["change", "propose", "issue", "--license", license, "--customer", customer, "--tier", "team",
                                        "--seats", "10", "--term-months", "12", "--reason", "new logo", "--key", "ops.pem"])
            try at("\(day)T11:00:00Z", ["change", "approve", cr, "--yes", "--key", "deal.pem"])
            try at("\(day)T12:00:00Z", ["change", "apply", cr, "--key", "ops.pem"])
        }
        let february = try at("2026-03-05T09:00:00Z", ["sla", "incident", "--start", "2026-02-10T10:00:00Z", "--end", "2026-02-10T16:00:00Z",
                                                       "--severity", "sev1", "--tier", "team", "--summary", "EU API down", "--key", "ops.pem"])
        let march = try at("2026-04-02T09:00:00Z", ["sla", "incident", "--start", "2026-03-10T10:00:00Z", "--end", "2026-03-10T14:00:00Z",
                                                    "--severity", "sev1", "--tier", "team", "--summary", "EU API down again", "--key", "ops.pem"])
        return (ws, february, march)
    }

    static func attainment(_ ws: CLIWorkspace, _ month: String) throws -> [String: JSONValue] {
        let out = try ws.expectSuccess(["sla", "attainment", "--month", month, "--json"]).stdout
        var rows: [String: JSONValue] = [:]
        for row in try JSONParser.parse(Array(out.utf8))["licenses"]?.arrayValue ?? [] {
            if let id = row["license"]?.stringValue { rows[id] = row }
        }
        return rows
    }

    @Test func anIncidentBeforeALicenseWasIssuedDoesNotNameIt() throws {
        let (ws, february, march) = try Self.workspace()
        // B-1 was on the team tier when the February incident was recorded, but not yet issued when it ran.
        #expect(february.contains("it affected 1 license: A-1"), "\(february)")
        #expect(march.contains("it affected 2 licenses: A-1, B-1"), "\(march)")
        let rows = try Self.attainment(ws, "2026-02")
        #expect(rows.keys.sorted() == ["A-1"])
        // 360 minutes down in February's 40,320: ⌊(40,320 − 360) × 10,000 / 40,320⌋ = 9910 bp, under Team's 9950:
        // 5 % of what the customer pays a month: 239.00 EUR list (49.00 base + 10 × 19.00) less the
        // 8 % twelve-month term discount, 219.88 EUR.
        #expect(rows["A-1"]?["downtime_minutes"] == .integer(360))
        #expect(rows["A-1"]?["uptime_bp"] == .integer(9_910))
        #expect(rows["A-1"]?["monthly_fee"] == .integer(21_988))
        #expect(rows["A-1"]?["credit"] == .integer(1_099))
    }

    @Test func anIncidentRecordedAfterTheMonthCountsInIt() throws {
        let (ws, _, _) = try Self.workspace()
        let rows = try Self.attainment(ws, "2026-03")
        #expect(rows.keys.sorted() == ["A-1", "B-1"])
        // 240 minutes down in March's 44,640: ⌊(44,640 − 240) × 10,000 / 44,640⌋ = 9946 bp: 5 % of 219.88 EUR.
        for id in ["A-1", "B-1"] {
            #expect(rows[id]?["downtime_minutes"] == .integer(240))
            #expect(rows[id]?["uptime_bp"] == .integer(9_946))
            #expect(rows[id]?["credit"] == .integer(1_099))
        }
        let health = try ws.expectSuccess(["report", "health"]).stdout
        for subject in ["A-1 2026-02", "A-1 2026-03", "B-1 2026-03"] { #expect(health.contains("| \(subject) |"), "\(subject)") }
        #expect(health.contains("uptime 99.10 % against 99.50 %"))
        #expect(health.contains("uptime 99.46 % against 99.50 %"))
        #expect(!health.contains("B-1 2026-02"))
    }

    /// Over the sample year, every license-month `report health` flags is one `sla attainment` shows
    /// with a miss or a credit, with the same figures, and the other way round.
    @Test func attainmentAndHealthAgreeOnTheSample() throws {
        let dir = try TemporaryDirectory("sla-sample")
        // A copy: readers write rebuildable caches beside a ledger, and other tests read the sample at the same time.
        let copy = try ProcessRunner.shell("cp -r '\(Fixtures.repositoryRoot)/ledger-samples/acme/ledger' acme && rm -rf acme/merkle acme/entries.idx",
                                           directory: dir.path)
        #expect(copy.status == 0, "\(copy.stderr)")
        let made = try CLI.run(["report", "health", "--ledger", dir.file("acme"), "--format", "json", "--quiet"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let health = try JSONParser.parse(Array(made.stdout.utf8))
        var flagged: [String: JSONValue] = [:]
        for finding in health["findings"]?.arrayValue ?? [] where finding["category"] == "sla-miss" {
            if let subject = finding["subject"]?.stringValue { flagged[subject] = finding }
        }
        // The health check looks twelve months back from its end, 2027-01-14.
        var months: [String] = []
        for month in 2...12 { months.append(String(format: "2026-%02d", month)) }
        months.append("2027-01")
        var missed: [String: JSONValue] = [:]
        var rows = 0
        for month in months {
            let out = try CLI.run(["sla", "attainment", "--ledger", dir.file("acme"), "--month", month, "--json"], in: dir)
            #expect(out.status == 0, "\(out.stderr)")
            for row in try JSONParser.parse(Array(out.stdout.utf8))["licenses"]?.arrayValue ?? [] {
                rows += 1
                let late = row["tickets"]?.arrayValue?.contains { t in
                    (t["response_minutes"]?.integerValue ?? 0) > (t["response_target_minutes"]?.integerValue ?? 0)
                        || (t["resolution_minutes"]?.integerValue ?? 0) > (t["resolution_target_minutes"]?.integerValue ?? 0)
                } ?? false
                let short = (row["uptime_bp"]?.integerValue ?? 0) < (row["target_bp"]?.integerValue ?? 0)
                if late || short || (row["credit"]?.integerValue ?? 0) > 0, let id = row["license"]?.stringValue {
                    missed["\(id) \(month)"] = row
                }
            }
        }
        #expect(rows > 800)
        #expect(flagged.count > 20)
        #expect(Set(flagged.keys) == Set(missed.keys))
        for (subject, row) in missed {
            guard let finding = flagged[subject]?["finding"]?.stringValue else { continue }
            let uptime = row["uptime_bp"]?.integerValue ?? -1, target = row["target_bp"]?.integerValue ?? -1
            let text = { (bp: Int64) in "\(bp / 100).\(bp % 100 < 10 ? "0" : "")\(bp % 100) %" }
            #expect(finding.hasPrefix("uptime \(text(uptime)) against \(text(target))"), "\(subject): \(finding)")
            // Critical while a credit is still owed; a credit issued in full (`sla.credit`) leaves a warning.
            let outstanding = (row["credit"]?.integerValue ?? 0) - (row["credit_issued"]?.integerValue ?? 0)
            #expect(flagged[subject]?["severity"] == (outstanding > 0 ? "critical" : "warning"), "\(subject)")
            // The entries cited: the outages counted and the late tickets.
            let late = (row["tickets"]?.arrayValue ?? []).filter { t in
                (t["response_minutes"]?.integerValue ?? 0) > (t["response_target_minutes"]?.integerValue ?? 0)
                    || (t["resolution_minutes"]?.integerValue ?? 0) > (t["resolution_target_minutes"]?.integerValue ?? 0)
            }.compactMap { $0["seq"]?.integerValue }
            let counted = (row["incidents"]?.arrayValue ?? []).compactMap(\.integerValue)
            #expect(flagged[subject]?["entries"]?.arrayValue?.compactMap(\.integerValue) == (counted + late).sorted(), "\(subject)")
        }
    }
}

/// `sla maintenance`, `sla exclude` and `sla credit` through the command line.
@Suite struct SLAFairnessCommandTests {
    @Test func maintenanceExclusionAndCreditsThroughTheCommandLine() throws {
        let (ws, _, march) = try SLACommandTests.workspace()
        #expect(march.contains("entry"))
        func at(_ time: String, _ arguments: [String]) throws -> String {
            try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": time]).stdout
        }
        // A window announced five days ahead covers April 10 02:00–06:00 for the team tier.
        let announced = try at("2026-04-05T09:00:00Z", ["sla", "maintenance", "--start", "2026-04-10T02:00:00Z", "--end", "2026-04-10T06:00:00Z",
                                                        "--tier", "team", "--summary", "database upgrade", "--key", "ops.pem"])
        #expect(announced.contains("113 hours ahead"), "\(announced)")
        try at("2026-05-02T09:00:00Z", ["sla", "incident", "--start", "2026-04-10T01:00:00Z", "--end", "2026-04-10T07:00:00Z",
                                        "--severity", "sev1", "--tier", "team", "--summary", "upgrade overran", "--key", "ops.pem"])
        let april = try SLACommandTests.attainment(ws, "2026-04")
        #expect(april["A-1"]?["downtime_minutes"] == .integer(120))
        #expect(april["A-1"]?["excused_minutes"] == .integer(240))

        // The operator cannot excuse the February incident; the admin can.
        let incident = try #require(try JSONParser.parse(Array(ws.expectSuccess(["log", "--type", "sla.incident", "--json"]).stdout.split(separator: "\n")[0].utf8))["seq"]?.integerValue)
        let refused = try ws.run(["sla", "exclude", String(incident), "--reason", "force-majeure", "--note", "grid failure", "--key", "ops.pem"],
                                 environment: ["TIERLEDGER_TIME": "2026-05-03T09:00:00Z"])
        #expect(refused.status != 0)
        try at("2026-05-03T09:00:00Z", ["sla", "exclude", String(incident), "--reason", "force-majeure", "--note", "grid failure", "--key", "admin.pem"])
        let february = try SLACommandTests.attainment(ws, "2026-02")
        #expect(february["A-1"]?["downtime_minutes"] == .integer(0))

        // March's credit is issued in two parts; a third is refused.
        try at("2026-05-04T09:00:00Z", ["sla", "credit", "A-1", "--month", "2026-03", "--amount", "1000", "--key", "ops.pem"])
        let rest = try at("2026-05-04T10:00:00Z", ["sla", "credit", "A-1", "--month", "2026-03", "--key", "ops.pem"])
        #expect(rest.contains("0.99 EUR"), "\(rest)")
        let more = try ws.run(["sla", "credit", "A-1", "--month", "2026-03", "--key", "ops.pem"], environment: ["TIERLEDGER_TIME": "2026-05-04T11:00:00Z"])
        #expect(more.status != 0)
        #expect(more.stderr.contains("owed nothing more"))
        let settled = try SLACommandTests.attainment(ws, "2026-03")
        #expect(settled["A-1"]?["credit_issued"] == .integer(1_099))
        #expect(try ws.run(["verify"]).status == 0)
    }
}
