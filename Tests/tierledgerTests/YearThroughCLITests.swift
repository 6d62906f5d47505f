import Foundation
import Testing
import TestSupport

/// A year of a book of customers, driven only through the command line as an operator and the
/// approvers would drive it, with TIERLEDGER_TIME standing in for the calendar: issues, upgrades,
/// seat changes, renewals, a transfer, a suspension and its reinstatement, a termination, a
/// rejection, a withdrawal, an expiry, an escalation and an emergency change with its review.
/// The ledger verifies at the end, and `license show --as-of` answers for dates in the middle.
@Suite struct YearThroughCLITests {
    /// Who holds each approver role; the first one free of the request is asked.
    static let approvers = ["approver:deal-desk": ["deal"], "approver:finance": ["fin1", "fin2"], "approver:legal": ["legal"]]

    final class Year {
        let ws: CLIWorkspace
        var day = 0
        var hour = 9

        init() throws {
            ws = try CLIWorkspace(initialise: false)
            for name in ["admin", "ops", "deal", "fin1", "fin2", "legal", "sec"] {
                try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"])
            }
            try run(["init", "--origin", "example.com/year", "--key", "admin.pem"])
            for (name, roles) in [("ops", ["operator", "proposer"]), ("deal", ["approver:deal-desk"]), ("fin1", ["approver:finance"]),
                                  ("fin2", ["approver:finance"]), ("legal", ["approver:legal"]), ("sec", ["approver:security"])] {
                try run(["principal", "enroll", name] + roles.flatMap { ["--role", $0] } + ["--public-key", "\(name).pem.pub", "--key", "admin.pem"])
            }
            try run(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        }

        /// 2026-01-01 plus `day` days, at `hour` o'clock; each command an hour after the last.
        var now: String {
            let start = 1_767_225_600.0   // 2026-01-01T00:00:00Z
            let date = Date(timeIntervalSince1970: start + Double(day) * 86_400 + Double(hour) * 3_600)
            let format = ISO8601DateFormatter()
            format.timeZone = TimeZone(identifier: "UTC")
            return format.string(from: date)
        }

        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            hour = min(hour + 1, 23)
            return try ws.expectSuccess(arguments, environment: ["TIERLEDGER_TIME": now, "TIERLEDGER_ALLOW_FUTURE_TIME": "1"]).stdout
        }

        func attempt(_ arguments: [String]) throws -> ProcessResult {
            hour = min(hour + 1, 23)
            return try ws.run(arguments, environment: ["TIERLEDGER_TIME": now, "TIERLEDGER_ALLOW_FUTURE_TIME": "1"])
        }

        func nextDay(_ days: Int = 1) { day += days; hour = 9 }

        /// Proposes a change as the operator and returns its id.
        func propose(_ kind: String, _ license: String, _ parameters: [String], reason: String = "customer request") throws -> String {
            let out = try run(["change", "propose", kind, "--license", license] + parameters + ["--reason", reason, "--key", "ops.pem"])
            guard let id = out.split(separator: " ").first(where: { $0.hasPrefix("CR-") }) else {
                throw CLIWorkspace.Failed(description: "no change id in: \(out)")
            }
            return String(id)
        }

        /// Approves every open step with the right people, reading `change show` as an approver would.
        func approveAll(_ id: String) throws {
            var used: Set<String> = []
            for _ in 0..<6 {
                let shown = try run(["change", "show", id])
                guard shown.contains(", pending;") else { return }
                guard let open = shown.split(separator: "\n").first(where: { line in
                    guard line.hasPrefix("step "), let counts = line.split(separator: " ").dropFirst(2).first else { return false }
                    let parts = counts.split(separator: "/")
                    return parts.count == 2 && Int(parts[0]) ?? 0 < Int(parts[1]) ?? 0
                }), let role = open.split(separator: "×").last?.split(whereSeparator: { $0 == " " || $0 == ";" }).first.map(String.init)
                else { return }
                guard let who = (YearThroughCLITests.approvers[role] ?? []).first(where: { !used.contains($0) }) else {
                    throw CLIWorkspace.Failed(description: "nobody left to fill \(role) on \(id)")
                }
                used.insert(who)
                try run(["change", "approve", id, "--key", "\(who).pem", "--yes"])
            }
        }

        func change(_ kind: String, _ license: String, _ parameters: [String] = []) throws {
            let id = try propose(kind, license, parameters)
            try approveAll(id)
            // Where the rule forbids the proposer to apply it, `change show` says so, and the admin applies it.
            let applier = try run(["change", "show", id]).contains("not by its proposer") ? "admin" : "ops"
            try run(["change", "apply", id, "--key", "\(applier).pem"])
        }
    }

    @Test func aYearDrivenThroughTheCommandLine() throws {
        let y = try Year()
        let tiers = ["starter", "team", "business", "enterprise"]
        let seats = ["starter": 5, "team": 20, "business": 60, "enterprise": 120]
        var customers = 0
        var asOf: [(date: String, license: String, expected: [String])] = []

        for month in 0..<12 {
            y.day = month * 30
            y.hour = 9
            // Two new customers a month.
            for _ in 0..<2 {
                customers += 1
                let tier = tiers[customers % 4]
                try y.change("issue", "L-\(customers)", ["--customer", "c\(customers)", "--tier", tier, "--seats", String(seats[tier] ?? 5),
                                                         "--term-months", "12"])
            }
            y.nextDay()
            switch month {
            case 1: try y.change("upgrade", "L-1", ["--to-tier", "business"])
            case 2: try y.change("seats", "L-2", ["--seats", "30"])
            case 3:
                try y.change("suspend", "L-3", [])
                y.nextDay(3)
                try y.change("reinstate", "L-3", [])
            case 4: try y.change("transfer", "L-5", ["--to-customer", "c5-holdings"])
            case 5:
                // Rejected by finance, then a withdrawn proposal.
                let id = try y.propose("suspend", "L-6", [], reason: "unpaid invoice")
                try y.run(["change", "reject", id, "--reason", "paid today", "--key", "fin1.pem", "--yes"])
                let second = try y.propose("addon-add", "L-6", ["--addon", "extra-api-calls"])
                try y.run(["change", "withdraw", second, "--reason", "customer changed their mind", "--key", "ops.pem"])
            case 6:
                // The deal desk is away: after 72 hours finance fills the step by escalation.
                let id = try y.propose("seats", "L-6", ["--seats", "25"])
                let early = try y.attempt(["change", "approve", id, "--key", "fin1.pem", "--yes"])
                #expect(early.status == 2, "finance may not fill the deal-desk step before the escalation delay")
                y.nextDay(4)
                try y.run(["change", "approve", id, "--key", "fin1.pem", "--yes"])
                #expect(try y.run(["change", "show", id]).contains("(escalated)"))
                try y.run(["change", "apply", id, "--key", "ops.pem"])
            case 7:
                // A proposal nobody acts on expires after 14 days.
                let id = try y.propose("seats", "L-8", ["--seats", "10"])
                y.nextDay(15)
                #expect(try y.run(["change", "show", id]).contains(", expired;"))
                let late = try y.attempt(["change", "approve", id, "--key", "deal.pem", "--yes"])
                #expect(late.status == 2)
            case 8:
                try y.run(["change", "emergency", "suspend", "--license", "L-9", "--reason", "credential stuffing from the tenant", "--key", "admin.pem"])
                y.nextDay()
                let listed = try y.run(["change", "list", "--state", "awaiting-review"])
                let id = try #require(listed.split(separator: "\t").first.map(String.init))
                try y.run(["change", "review", id, "--comment", "confirmed with the customer", "--key", "sec.pem"])
                try y.change("reinstate", "L-9", [])
            case 9: try y.change("renew", "L-1", ["--term-months", "12"])
            case 10: try y.change("terminate", "L-4", [])
            default: break
            }
            y.nextDay(10)
            // Remember what L-1 and L-5 look like in the middle of each month.
            let date = String(y.now.prefix(10))
            for license in ["L-1", "L-5"] where customers >= 5 || license == "L-1" {
                let shown = try y.run(["license", "show", license, "--json"])
                asOf.append((date, license, ["tier", "seats", "customer", "status"].compactMap { field in
                    shown.range(of: "\"\(field)\":[^,}]*", options: .regularExpression).map { String(shown[$0]) }
                }))
            }
        }

        // The ledger verifies, and history answers for dates in the middle of the year.
        y.nextDay()
        let verified = try y.run(["verify"])
        #expect(verified.contains("intact"))
        #expect(asOf.count > 12)
        for (date, license, expected) in asOf where ["2026-03", "2026-06", "2026-09"].contains(where: { date.hasPrefix($0) }) {
            let then = try y.run(["license", "show", license, "--as-of", date, "--json"])
            for field in expected { #expect(then.contains(field), "\(license) as of \(date): \(field) in \(then)") }
        }
        // Facts that the middle of the year must show.
        let l1March = try y.run(["license", "show", "L-1", "--as-of", "2026-01-20", "--json"])
        #expect(l1March.contains("\"tier\":\"team\""))
        let l1Later = try y.run(["license", "show", "L-1", "--as-of", "2026-04-01", "--json"])
        #expect(l1Later.contains("\"tier\":\"business\""))
        #expect(try y.run(["license", "show", "L-5", "--as-of", "2026-04-01", "--json"]).contains("\"customer\":\"c5\""))
        #expect(try y.run(["license", "show", "L-5", "--as-of", "2026-06-30", "--json"]).contains("\"customer\":\"c5-holdings\""))
        #expect(try y.run(["license", "show", "L-4", "--json"]).contains("\"status\":\"terminated\""))
        let requests = try y.run(["change", "list"])
        for state in ["applied", "rejected", "withdrawn", "expired", "reviewed"] {
            #expect(requests.contains("\t\(state)\t"), "a request ends \(state)")
        }
    }

    @Test func theClockOverrideIsCheckedAndCannotRewindTime() throws {
        let ws = try CLIWorkspace()
        let bad = try ws.run(["append", "--type", "note.text", "--body", "{}", "--key", "admin.pem"], environment: ["TIERLEDGER_TIME": "yesterday"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("TIERLEDGER_TIME=yesterday is not a time"))
        // An instant before the last entry is raised to it: the chain's time never goes backwards.
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{}", "--key", "admin.pem"], environment: ["TIERLEDGER_TIME": "2001-01-01"])
        let log = try ws.expectSuccess(["log", "--json"]).stdout.split(separator: "\n")
        let times = log.compactMap { line in line.range(of: "\"time\":\"[^\"]*\"", options: .regularExpression).map { String(line[$0]) } }
        #expect(times.count == log.count)
        #expect(times == times.sorted())
        #expect(!times.contains { $0.contains("2001-") })
        try ws.expectSuccess(["verify"])
    }
}
