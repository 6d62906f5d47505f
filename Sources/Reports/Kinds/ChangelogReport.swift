import Governance
import Ledger

/// Each applied change in scope: before and after, the difference in list price, proposer, approvers with
/// times, rule and policy version, and the entry that applied it (sequence number and hash).
enum ChangelogReport {
    static func make(_ history: ReportHistory, scope: ReportScope, attestation: Attestation) -> Report {
        let changes = history.applied.filter { scope.contains(seq: $0.seq, time: $0.time) && scope.concerns($0.before, $0.after) }

        func describe(_ l: License?) -> String {
            guard let l else { return "—" }
            return "\(l.tier), \(Count.text(l.seats)) seats" + (l.addons.isEmpty ? "" : ", " + l.addons.joined(separator: "+")) + ", \(l.status.rawValue)"
        }
        func approvers(_ c: AppliedChange) -> String {
            c.emergency ? "emergency (review: see the audit summary)"
                : c.approvals.map { "\($0.principal) \($0.time.rfc3339)\($0.escalated ? " (escalated)" : "")" }.joined(separator: "; ")
        }
        // The CSV carries amounts as integers in minor units and full hashes; the readable table formats them.
        let columns = ["seq", "time", "change", "kind", "license", "customer", "before", "after", "list price difference per month (minor units)",
                       "currency", "proposer", "approvers", "rule", "policy", "entry sha256"]
        let rows: [[String]] = changes.map { c in
            [String(c.seq), c.time.rfc3339, c.id, c.kind.rawValue, c.license, c.after?.customer ?? c.before?.customer ?? "", describe(c.before),
             describe(c.after), c.priceDifference.map(String.init) ?? "", c.currency, c.proposer, approvers(c), c.rule, c.policyHash, c.hash.hex]
        }
        let readable = ReportDocument.Table(
            columns: ["seq", "time", "change", "kind", "license", "customer", "before", "after", "list price difference per month", "proposer", "approvers", "rule", "entry"],
            rows: changes.map { c in
                [String(c.seq), c.time.rfc3339, c.id, c.kind.rawValue, c.license, c.after?.customer ?? c.before?.customer ?? "", describe(c.before),
                 describe(c.after), c.priceDifference.map { ReportMath.money($0, c.currency, signed: true) } ?? "", c.proposer, approvers(c), c.rule,
                 "#\(c.seq) \(c.hash.hex.prefix(12))…"]
            })
        var perMonth: [String: Int64] = [:]
        for c in changes { perMonth[ReportMath.month(c.time), default: 0] += 1 }
        let chart = ReportDocument.BarChart(title: "Changes applied per month", unit: "changes",
                                            bars: perMonth.keys.sorted().map { .init(label: $0, value: perMonth[$0] ?? 0) })
        var sections = [ReportDocument.Section(title: "Changes over time", chart: chart),
                        ReportDocument.Section(title: "Applied changes", paragraphs: ["\(Count.text(Int64(changes.count))) changes applied."], table: readable)]
        let detailed = changes.filter { !$0.entitlementChanges.isEmpty }
        if !detailed.isEmpty {
            sections.append(ReportDocument.Section(title: "What each change did to the entitlements", table: ReportDocument.Table(
                columns: ["change", "license", "entitlements before → after"],
                rows: detailed.map { [$0.id, $0.license, $0.entitlementChanges.joined(separator: "\n")] })))
        }

        let json: JSONValue = .object([
            "report": "changelog", "schema": .integer(Report.schemaVersion), "scope": scope.json, "as_of": .string(history.asOf.rfc3339),
            "changes": .array(changes.map(\.json)), "attestation": attestation.json,
        ])
        let doc = ReportDocument(kind: "changelog", title: "Change log", preamble: ReportMath.preamble("Change log", scope: scope, history: history),
                                 sections: sections, primary: ReportDocument.Table(columns: columns, rows: rows), attestation: attestation)
        return Report(json: json, document: doc)
    }
}

extension AppliedChange {
    var json: JSONValue {
        .object([
            "seq": .integer(seq), "time": .string(time.rfc3339), "entry_hash": .string(hash.hex), "id": .string(id), "kind": .string(kind.rawValue),
            "license": .string(license), "emergency": .bool(emergency), "before": before?.json ?? .null, "after": after?.json ?? .null,
            "entitlement_changes": .array(entitlementChanges.map { .string($0) }),
            "price": .object(["currency": .string(currency), "list_before": listBefore.map { .integer($0) } ?? .null,
                              "list_after": listAfter.map { .integer($0) } ?? .null, "difference": priceDifference.map { .integer($0) } ?? .null,
                              "quoted_total": quotedTotal.map { .integer($0) } ?? .null]),
            "proposer": .string(proposer), "proposed_at": .string(proposedAt.rfc3339),
            "approvals": .array(approvals.map { a in
                .object(["principal": .string(a.principal), "seq": .integer(a.seq), "time": .string(a.time.rfc3339), "escalated": .bool(a.escalated)])
            }),
            "rule": .string(rule), "policy": .object(["hash": .string(policyHash), "label": .string(policyLabel)]), "reason": .string(reason),
        ])
    }
}
