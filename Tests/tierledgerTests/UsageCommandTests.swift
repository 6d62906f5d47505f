import Foundation
import Testing
import TestSupport

@Suite struct UsageCommandTests {
    /// A workspace with a policy, an approver and license U-1 (business, 20 seats).
    func workspace() throws -> CLIWorkspace {
        let ws = try CLIWorkspace()
        try ws.expectSuccess(["keys", "generate", "--out", "deal.pem", "--no-encrypt"])
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        try ws.expectSuccess(["change", "propose", "issue", "--license", "U-1", "--customer", "umbrella", "--tier", "business", "--seats", "20",
                              "--term-months", "12", "--reason", "new", "--key", "bob.pem"])
        try ws.expectSuccess(["change", "approve", "CR-4", "--key", "deal.pem", "--yes"])
        try ws.expectSuccess(["change", "apply", "CR-4", "--key", "bob.pem"])
        return ws
    }

    @Test func importIsIdempotentAndAllOrNothing() throws {
        let ws = try workspace()
        let csv = """
            license,metric,period_start,period_end,value
            U-1,api-calls,2026-10-01,2026-10-31,4200000
            U-1,active-seats,2026-10-01,2026-10-31,18\r
            U-1,storage-gb,2026-10-01,2026-10-31,120

            """
        try csv.write(toFile: ws.path("usage.csv"), atomically: false, encoding: .utf8)
        let first = try ws.expectSuccess(["usage", "import", "usage.csv", "--key", "bob.pem"])
        #expect(first.stdout.contains("recorded 3 rows"))
        #expect(try ws.expectSuccess(["usage", "import", "usage.csv", "--key", "bob.pem"]).stdout.contains("nothing new"))
        let size = try Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/entries.jsonl"))).count

        for (text, message) in [
            ("license,metric,period_start,period_end,value\nU-1,api-calls,2026-11-01,2026-11-30,1\nU-1,api-calls,2026-11-31,2026-12-01,5\n", "usage.csv:3: period"),
            ("license,metric,period_start,period_end,value\nU-1,api-calls,2026-11-01,2026-11-30,1.5\n", "usage.csv:2: value"),
            ("license,metric,period_start,period_end,value\nU-9,api-calls,2026-11-01,2026-11-30,1\n", "usage.csv:2: no license U-9"),
            ("license,metric,period_start,period_end,value\nU-1,cpu-hours,2026-11-01,2026-11-30,1\n", "usage.csv:2: metric cpu-hours"),
            ("license,metric,period_start,period_end,value\nU-1,api-calls,2026-10-01,2026-10-31,999\n", "usage.csv:2: already recorded as 4200000"),
            ("license,metric\nU-1,api-calls\n", "usage.csv:1: the first line must be the header"),
        ] {
            try text.write(toFile: ws.path("usage.csv"), atomically: false, encoding: .utf8)
            let result = try ws.run(["usage", "import", "usage.csv", "--key", "bob.pem"])
            #expect(result.status == 2, "\(message)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/entries.jsonl"))).count == size)
        }
        try ws.expectSuccess(["verify"])
    }

    @Test func aSeatCutBelowRecordedUseNeedsARemediationNote() throws {
        let ws = try workspace()
        try "license,metric,period_start,period_end,value\nU-1,active-seats,2026-10-01,2026-10-31,18\n"
            .write(toFile: ws.path("usage.csv"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["usage", "import", "usage.csv", "--key", "bob.pem"])
        let refused = try ws.run(["change", "propose", "seats", "--license", "U-1", "--seats", "12", "--reason", "budget", "--key", "bob.pem"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("18 seats were recorded in use"))
        try ws.expectSuccess(["change", "propose", "seats", "--license", "U-1", "--seats", "12", "--reason", "budget",
                              "--remediation", "six contractors leave on 30 November", "--key", "bob.pem"])
        // A downgrade to quotas below recorded use, likewise.
        try "license,metric,period_start,period_end,value\nU-1,api-calls,2026-11-01,2026-11-30,5000000\n"
            .write(toFile: ws.path("usage2.csv"), atomically: false, encoding: .utf8)
        try ws.expectSuccess(["usage", "import", "usage2.csv", "--key", "bob.pem"])
        let downgrade = try ws.run(["change", "propose", "downgrade", "--license", "U-1", "--to-tier", "team", "--reason", "cost", "--key", "bob.pem"])
        #expect(downgrade.status == 2)
        #expect(downgrade.stderr.contains("recorded api-calls use of 5000000 is above team's limit of 1000000"))
        try ws.expectSuccess(["verify"])
    }

    /// Peak resident memory (KiB) of one tierledger run, from /usr/bin/time.
    func peakKiB(_ ws: CLIWorkspace, _ arguments: [String]) throws -> (status: Int32, kib: Int, stderr: String) {
        let result = try ProcessRunner.run("/usr/bin/time", ["-f", "peak %M", CLI.binary] + arguments, directory: ws.dir.path)
        let peak = result.stderr.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.dropFirst(5)) } ?? 0
        return (result.status, peak, result.stderr)
    }

    @Test func largeFilesAreStreamedAndStopAtTheFirstBadRow() throws {
        let ws = try workspace()
        let header = "license,metric,period_start,period_end,value\n"
        // 100,000 rows (the most one import takes): four metrics over 25,000 days.
        var rows = header
        rows.reserveCapacity(6_000_000)
        for day in 0..<25_000 {
            let date = EntryTimeText.date(daysSince1970: day)
            for metric in ["api-calls", "active-seats", "storage-gb", "activations"] { rows += "U-1,\(metric),\(date),\(date),\(day % 97)\n" }
        }
        try rows.write(toFile: ws.path("big.csv"), atomically: false, encoding: .utf8)
        let big = try peakKiB(ws, ["usage", "import", "big.csv", "--key", "bob.pem", "--json"])
        #expect(big.status == 0, "\(big.stderr)")
        try ws.expectSuccess(["verify", "--quiet"])

        // A bad third line, then 40 MB more: the import stops at line 3 having read one block, not the file.
        let tiny = try peakKiB(ws, ["usage", "import", "missing.csv", "--key", "bob.pem"])
        #expect(tiny.status == 2)
        let path = ws.path("bad.csv")
        try (header + "U-1,api-calls,2100-01-01,2100-01-01,1\nU-1,api-calls,2100-01-02,2100-01-02,lots\n").write(toFile: path, atomically: false, encoding: .utf8)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        let filler = Data(String(repeating: "U-1,api-calls,2100-02-01,2100-02-01,1\n", count: 26_000).utf8)
        for _ in 0..<40 { handle.write(filler) }
        try handle.close()
        let bad = try peakKiB(ws, ["usage", "import", "bad.csv", "--key", "bob.pem"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.csv:3: value \"lots\""))
        #expect(bad.kib > 0 && tiny.kib > 0)
        #expect(bad.kib - tiny.kib < 16 * 1024, "reading stopped early: \(bad.kib) KiB against \(tiny.kib) KiB for no file at all")
    }
}

/// `YYYY-MM-DD` of a day number, for generating rows.
enum EntryTimeText {
    static func date(daysSince1970 day: Int) -> String {
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"
        format.timeZone = TimeZone(identifier: "UTC")
        format.locale = Locale(identifier: "en_US_POSIX")
        return format.string(from: Date(timeIntervalSince1970: Double(day) * 86_400))
    }
}
