import Foundation
import Governance
import Ledger
import LedgerCrypto
@testable import Reports
import Testing
import TestSupport

/// Reports on a small fixed ledger, every figure checked against what was computed by hand.
@Suite struct ReportTests {
    static let asOf = "2026-03-20T00:00:00.000Z"

    /// T-1 (team → business, 10 seats), B-1 (business, 20 seats, 5 in use), S-1 (starter, 3-month
    /// term), E-1 (team, suspended in an emergency nobody reviewed); one rejected, one withdrawn,
    /// one expired and one stale request; a 420-minute outage of T-1 in February.
    static func ledger() throws -> Office {
        let o = try Office()
        func change(_ kind: ChangeKind, _ license: String, _ params: JSONValue) throws {
            let cr = try o.propose(kind, license, params)
            try o.approveAll(cr)
            try o.apply(cr)
        }
        try change(.issue, "T-1", ["customer": "tee", "tier": "team", "seats": 10, "term_months": 12])
        try change(.issue, "B-1", ["customer": "bee", "tier": "business", "seats": 20, "term_months": 12])
        try change(.issue, "S-1", ["customer": "ess", "tier": "starter", "seats": 5, "term_months": 3])
        try change(.issue, "E-1", ["customer": "eee", "tier": "team", "seats": 3, "term_months": 12])
        try change(.upgrade, "T-1", ["to_tier": "business"])
        let suspend = try o.propose(.suspend, "B-1", [:])
        try o.g.write(Workflow.reject, Workflow.rejection(request: suspend, proposal: try o.request(suspend).proposalHash, reason: "paid",
                                                          policy: o.policy.hash), by: o.key("fin1"))
        let addon = try o.propose(.addonAdd, "B-1", ["addon": "extra-api-calls"])
        try o.g.write(Workflow.withdraw, Workflow.withdrawal(request: addon, reason: "not now", policy: o.policy.hash), by: o.key("pat"))
        try o.propose(.seats, "B-1", ["seats": 25])                                      // left to expire
        try o.g.write(Workflow.emergency, Workflow.emergencyChange(kind: .suspend, license: "E-1", params: [:], reason: "abuse",
                                                                   policy: o.policy.hash), by: o.g.admin)
        func usage(_ license: String, _ metric: String, _ start: String, _ end: String, _ value: Int64) throws {
            try o.g.write(UsageEntry.type, ["records": [["license": .string(license), "metric": .string(metric), "period_start": .string(start),
                                                          "period_end": .string(end), "value": .integer(value)]]], by: o.g.ops)
        }
        try usage("B-1", "active-seats", "2026-01-01", "2026-01-31", 5)
        try usage("T-1", "api-calls", "2026-02-01", "2026-02-28", 9_500_000)
        o.g.advance(hours: 24 * 70)                                                      // into mid March
        try o.g.write(SLAEntry.incident, SLAEntry.incidentBody(start: EntryTime(rfc3339: "2026-02-10T10:00:00.000Z")!,
                                                               end: EntryTime(rfc3339: "2026-02-10T17:00:00.000Z")!, severity: .sev1,
                                                               customers: ["tee"], tiers: [], summary: "tenant database failover"), by: o.g.ops)
        try o.propose(.seats, "T-1", ["seats": 12])                                      // stale by the 20th
        return o
    }

    func report(_ kind: ReportKind, _ o: Office, _ scope: ReportScope = ReportScope(to: .time(EntryTime(rfc3339: asOf)!))) throws -> Report {
        try Report.make(kind, ledger: FileLedger.open(o.g.ledger.paths.root), scope: scope)
    }

    /// The report without its attestation's `verify` block, to compare what differs only there.
    static func withoutVerify(_ json: JSONValue) -> JSONValue {
        guard case var .object(members) = json, case var .object(attestation)? = members["attestation"] else { return json }
        attestation["verify"] = nil
        members["attestation"] = .object(attestation)
        return .object(members)
    }

    /// One pass verifies and gathers a report's figures: they equal those of a replay of their own,
    /// for a scope that ends before the ledger does too.
    @Test func theVerifyingPassGathersWhatAReplayGathers() throws {
        let o = try Self.ledger()
        let ledger = try FileLedger.open(o.g.ledger.paths.root)
        for scope in [ReportScope(to: .time(EntryTime(rfc3339: Self.asOf)!)), ReportScope(to: .seq(30)), ReportScope(from: .seq(12), customer: "tee")] {
            let replayed = try ReportHistory.gather(ledger, scope: scope)
            let attestation = try Attestation.make(ledger)
            let separate = [ChangelogReport.make(replayed, scope: scope, attestation: attestation),
                            AuditReport.make(replayed, scope: scope, attestation: attestation),
                            HealthReport.make(replayed, scope: scope, attestation: attestation)]
            for (kind, expected) in zip([ReportKind.changelog, .audit, .health], separate) {
                let made = try Report.make(kind, ledger: ledger, scope: scope)
                #expect(CanonicalJSON.encode(made.json) == CanonicalJSON.encode(expected.json), "\(kind), \(scope)")
            }
        }
    }

    /// `--attest checkpoint` changes what the attestation says it checked, nothing else; damage
    /// beneath the checkpoint is still found, at its entry.
    @Test func attestingFromACheckpoint() throws {
        let o = try Self.ledger()
        var ledger = try FileLedger.open(o.g.ledger.paths.root)
        // No checkpoint yet: every signature is checked either way.
        #expect(try report(.audit, o).document.attestation.signaturesCheckedFrom == 0)
        #expect(try Report.make(.audit, ledger: ledger, scope: ReportScope(), attest: .checkpoint).document.attestation.signaturesCheckedFrom == 0)
        let held = try ledger.makeCheckpoint(logKey: o.g.admin, authority: GovernanceState()).checkpoint
        try o.propose(.seats, "S-1", ["seats": 6])
        ledger = try FileLedger.open(o.g.ledger.paths.root)
        for kind in ReportKind.allCases {
            let full = try Report.make(kind, ledger: ledger, scope: ReportScope(), attest: .full)
            let anchored = try Report.make(kind, ledger: ledger, scope: ReportScope(), attest: .checkpoint)
            #expect(full.json["attestation"]?["verify"]?["signatures_checked_from"] == .integer(0))
            #expect(anchored.json["attestation"]?["verify"]?["signatures_checked_from"] == .integer(Int64(held.size)))
            #expect(anchored.json["attestation"]?["verify"]?["intact"] == .bool(true))
            #expect(CanonicalJSON.encode(Self.withoutVerify(full.json)) == CanonicalJSON.encode(Self.withoutVerify(anchored.json)), "\(kind)")
            #expect(anchored.document.attestation.lines.contains { $0.1.contains("reproduce the root of checkpoint \(held.size)") })
        }
        // A signature broken beneath the checkpoint: its root differs, so every entry is checked and the entry named.
        let path = ledger.paths.entries
        let honest = try String(contentsOfFile: path, encoding: .utf8)
        func breakSignature(where isVictim: (String) -> Bool) throws -> Int {
            var lines = honest.split(separator: "\n").map(String.init)
            let victim = try #require(lines.indices.first { $0 < held.size && isVictim(lines[$0]) })
            let sig = try #require(lines[victim].range(of: "\"sig\":\""))
            let at = sig.upperBound
            lines[victim].replaceSubrange(at...at, with: lines[victim][at] == "A" ? "B" : "A")
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
            return victim
        }
        let victim = try breakSignature { $0.contains("\"type\":\"\(UsageEntry.type)\"") }
        let damaged = try Report.make(.audit, ledger: FileLedger.open(o.g.ledger.paths.root), scope: ReportScope(), attest: .checkpoint)
        let attestation = damaged.document.attestation
        #expect(!attestation.intact)
        #expect(attestation.signaturesCheckedFrom == 0)
        #expect(attestation.failure?.hasPrefix("entry \(victim) at byte") == true, "\(attestation.failure ?? "")")
        // A proposal's line changed: the approvals naming its hash no longer replay, so no report is
        // made, and the error names the first bad entry, not the first that fails to replay.
        let proposal = try breakSignature { $0.contains("\"type\":\"\(Workflow.propose)\"") }
        #expect {
            _ = try Report.make(.audit, ledger: FileLedger.open(o.g.ledger.paths.root), scope: ReportScope(), attest: .checkpoint)
        } throws: { error in
            guard case let .damaged(seq, _, reason)? = error as? LedgerError else { return false }
            return seq == Int64(proposal) && reason.hasPrefix("signature") && reason.contains("cannot be replayed past entry")
        }
    }

    @Test func healthFindingsAndTheirEntries() throws {
        let o = try Self.ledger()
        #expect(o.g.nextTime < EntryTime(rfc3339: Self.asOf)!)
        let json = try report(.health, o).json
        let findings = try #require(json["findings"]?.arrayValue)
        let summary = findings.map { "\($0["severity"]?.stringValue ?? "") \($0["category"]?.stringValue ?? "") \($0["subject"]?.stringValue ?? "")" }
        #expect(summary == ["critical review-overdue CR-\(try emergencySeq(o))", "critical sla-miss T-1 2026-02",
                            "warning license-suspended E-1", "warning quota-risk T-1", "warning renewal-due S-1", "warning stale-request CR-\(try lastRequest(o))",
                            "info underused-seats B-1"])
        func finding(_ category: String) -> JSONValue? { findings.first { $0["category"]?.stringValue == category } }
        // Business, 10 seats: 19,900 + 10 × 3,900 = 58,900 a month at list price, 54,188 after the 8 % term
        // discount, which is what the customer pays; February has 40,320 minutes, 420 down: uptime 9895 bp,
        // under 9900, so the 50 % step: 27,094.
        #expect(finding("sla-miss")?["finding"]?.stringValue?.contains("uptime 98.95 % against 99.90 %") == true)
        #expect(finding("sla-miss")?["recommendation"]?.stringValue == "credit 270.94 EUR (50 % of 541.88 EUR)")
        // 9.5 M of 10 M API calls: the add-on raises it for 250.00 a month; Enterprise needs 50 seats.
        #expect(finding("quota-risk")?["finding"]?.stringValue == "api-calls 9,500,000 of 10,000,000 (95 %) in 2026-02-01 to 2026-02-28")
        #expect(finding("quota-risk")?["recommendation"]?.stringValue == "add extra-api-calls (+10,000,000 api-calls): +250.00 EUR a month")
        // 5 of 20 seats: 10 (Business's minimum) saves 10 × 39.00.
        #expect(finding("underused-seats")?["recommendation"]?.stringValue == "10 seats: -390.00 EUR a month")
        // Every finding cites entries, and each cited entry exists.
        let head = try #require(try o.g.ledger.head()).seq
        for f in findings {
            let entries = (f["entries"]?.arrayValue ?? []).compactMap { $0.integerValue }
            #expect(!entries.isEmpty, "\(f)")
            #expect(entries.allSatisfy { $0 > 0 && $0 <= head })
        }
        let usageSeq = try #require(finding("quota-risk")?["entries"]?.arrayValue?.first?.integerValue)
        #expect(try o.g.ledger.entry(at: usageSeq).entry.type == UsageEntry.type)
        #expect(json["attestation"]?["verify"]?["intact"] == .bool(true))
    }

    func emergencySeq(_ o: Office) throws -> Int64 { let s = try o.state(); return try #require(s.emergencies.keys.first) }
    func lastRequest(_ o: Office) throws -> Int64 { let s = try o.state(); return try #require(s.requests.keys.max()) }

    @Test func auditSummaryCounts() throws {
        let o = try Self.ledger()
        let json = try report(.audit, o).json
        #expect(json["changes"]?["applied"] == .integer(6))
        #expect(json["changes"]?["by_kind"] == ["issue": 4, "suspend": 1, "upgrade": 1])
        // By the tier after the change: T-1's and E-1's issues and E-1's suspension are Team; B-1's issue and T-1's upgrade Business.
        #expect(json["changes"]?["by_tier"] == ["business": 2, "starter": 1, "team": 3])
        // Five one-step requests, each approved an hour after it was proposed.
        let latency = try #require(json["approval_latency_minutes"]?.arrayValue)
        #expect(latency.count == 1)
        #expect(latency.first?["rule"] == "standard")
        #expect(latency.first?["requests"] == .integer(5))
        #expect([latency.first?["median"], latency.first?["p90"], latency.first?["max"]] == [.integer(60), .integer(60), .integer(60)])
        let outcomes = try #require(json["not_applied"]?.arrayValue).compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes.sorted() == ["expired", "rejected", "withdrawn"])
        #expect(json["emergencies"]?.arrayValue?.first?["state"] == "review-overdue")
        #expect(json["principal_events"]?.arrayValue?.count == 10)
        #expect(json["policies"]?.arrayValue?.count == 1)
        #expect(json["checks"]?.arrayValue?.allSatisfy { $0["result"] == "passed" } == true)
    }

    @Test func changelogBeforeAfterAndPrice() throws {
        let o = try Self.ledger()
        let json = try report(.changelog, o).json
        let changes = try #require(json["changes"]?.arrayValue)
        #expect(changes.compactMap { $0["kind"]?.stringValue } == ["issue", "issue", "issue", "issue", "upgrade", "suspend"])
        let upgrade = try #require(changes.first { $0["kind"] == "upgrade" })
        #expect(upgrade["before"]?["tier"] == "team")
        #expect(upgrade["after"]?["tier"] == "business")
        // Team 4,900 + 10 × 1,900 = 23,900 → Business 19,900 + 10 × 3,900 = 58,900.
        #expect(upgrade["price"]?["difference"] == .integer(35_000))
        #expect(upgrade["approvals"]?.arrayValue?.first?["principal"] == "deal")
        #expect(upgrade["rule"] == "standard")
        let seq = try #require(upgrade["seq"]?.integerValue)
        let entry = try o.g.ledger.entry(at: seq)
        #expect(entry.entry.type == Workflow.apply)
        #expect(upgrade["entry_hash"]?.stringValue == entry.hash.hex)
        #expect(changes.last?["emergency"] == .bool(true))
        // A customer filter keeps only that customer's changes.
        let tee = try report(.changelog, o, ReportScope(customer: "tee")).json
        #expect(tee["changes"]?.arrayValue?.count == 2)
        // A range by sequence number.
        let firstTwo = try report(.changelog, o, ReportScope(to: .seq(try #require(changes[1]["seq"]?.integerValue)))).json
        #expect(firstTwo["changes"]?.arrayValue?.count == 2)
    }
}
