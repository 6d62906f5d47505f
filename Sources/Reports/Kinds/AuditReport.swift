import Governance
import Ledger

/// The audit summary: what changed and how it was decided, who could sign, which policies ruled,
/// which checks ran, and the integrity of the ledger.
enum AuditReport {
    static func make(_ history: ReportHistory, scope: ReportScope, attestation: Attestation) -> Report {
        let state = history.state
        let asOf = history.asOf
        let applied = history.applied.filter { scope.contains(seq: $0.seq, time: $0.time) && scope.concerns($0.before, $0.after) }
        func concerns(_ r: ChangeRequest) -> Bool {
            if scope.customer == nil && scope.tier == nil { return true }
            if let l = state.licenses[r.license] { return scope.concerns(l) }
            let customer = r.params["customer"]?.stringValue, tier = r.params["tier"]?.stringValue
            return (scope.customer == nil || scope.customer == customer) && (scope.tier == nil || scope.tier == tier)
        }
        let requests = state.requests.values.filter(concerns).sorted { $0.seq < $1.seq }
        var sections: [ReportDocument.Section] = []
        var metrics: [[String]] = []   // section, item, value, entries

        // Totals.
        var byKind: [String: [Int64]] = [:], byTier: [String: [Int64]] = [:], perMonth: [String: Int64] = [:]
        for c in applied {
            byKind[c.kind.rawValue, default: []].append(c.seq)
            byTier[c.after?.tier ?? c.before?.tier ?? "-", default: []].append(c.seq)
            perMonth[ReportMath.month(c.time), default: 0] += 1
        }
        let totals = byKind.keys.sorted().map { ["kind", $0, Count.text(Int64(byKind[$0]?.count ?? 0))] }
            + byTier.keys.sorted().map { ["tier", $0, Count.text(Int64(byTier[$0]?.count ?? 0))] }
        sections.append(.init(title: "Changes applied", paragraphs: [AuditReport.appliedSentence(applied.count, emergencies: applied.filter(\.emergency).count)],
                              table: .init(columns: ["by", "value", "changes"], rows: totals),
                              chart: .init(title: "Changes applied per month", unit: "changes", bars: perMonth.keys.sorted().map { .init(label: $0, value: perMonth[$0] ?? 0) })))
        metrics.append(["changes", "applied", String(applied.count), ""])
        for k in byKind.keys.sorted() { metrics.append(["changes by kind", k, String(byKind[k]?.count ?? 0), ReportMath.cite(byKind[k] ?? [])]) }
        for t in byTier.keys.sorted() { metrics.append(["changes by tier", t, String(byTier[t]?.count ?? 0), ReportMath.cite(byTier[t] ?? [])]) }

        // Approval latency: from proposal (or the last amendment) to the approval that completed the last step.
        var latency: [String: [(minutes: Int64, seq: Int64)]] = [:]
        for r in requests where r.state == .approved || r.state == .applied {
            guard let done = r.approvals.last?.max(by: { $0.seq < $1.seq }), scope.contains(seq: done.seq, time: done.time) else { continue }
            latency[r.rule.id, default: []].append(((done.time.milliseconds - r.proposedAt.milliseconds) / 60_000, r.seq))
        }
        let latencyRows: [[String]] = latency.keys.sorted().map { rule in
            let values = (latency[rule] ?? []).map(\.minutes).sorted()
            return [rule, Count.text(Int64(values.count)), ReportMath.hours(ReportMath.percentile(values, 50)), ReportMath.hours(ReportMath.percentile(values, 90)),
                    ReportMath.hours(values.last ?? 0)]
        }
        sections.append(.init(title: "Approval latency by rule", paragraphs: ["From the proposal to the approval that completed the last step."],
                              table: .init(columns: ["rule", "requests", "median", "p90", "max"], rows: latencyRows),
                              chart: .init(title: "Median approval latency (minutes)", unit: "min", bars: latency.keys.sorted().map { rule in
                                  .init(label: rule, value: ReportMath.percentile((latency[rule] ?? []).map(\.minutes).sorted(), 50))
                              })))
        for rule in latency.keys.sorted() {
            let values = (latency[rule] ?? []).map(\.minutes).sorted()
            metrics.append(["approval latency minutes", "\(rule) median/p90/max",
                            "\(ReportMath.percentile(values, 50))/\(ReportMath.percentile(values, 90))/\(values.last ?? 0)",
                            ReportMath.cite((latency[rule] ?? []).map(\.seq))])
        }

        // Requests that were not applied.
        // Requests proposed in scope that ended without being applied.
        var closed: [(r: ChangeRequest, outcome: String, at: String)] = []
        for r in requests where scope.contains(seq: r.seq, time: r.proposedAt) {
            switch r.state {
            case .rejected, .withdrawn:
                closed.append((r, r.state.rawValue, r.closedAt.map { "#\($0)" } ?? ""))
            case .pending where r.status(at: asOf) == .expired:
                closed.append((r, "expired", r.expiresAt.rfc3339))
            default: break
            }
        }
        sections.append(.init(title: "Rejected, withdrawn and expired requests",
                              table: .init(columns: ["request", "outcome", "kind", "license", "proposer", "closed", "reason"],
                                           rows: closed.map { [$0.r.id, $0.outcome, $0.r.kind.rawValue, $0.r.license, $0.r.proposer, $0.at, $0.r.closingReason ?? $0.r.reason] })))
        for outcome in ["rejected", "withdrawn", "expired"] {
            let items = closed.filter { $0.outcome == outcome }
            metrics.append(["requests not applied", outcome, String(items.count), ReportMath.cite(items.map(\.r.seq))])
        }

        // Escalations.
        var escalations: [[String]] = []
        var escalationSeqs: [Int64] = []
        for r in requests {
            for (step, approvals) in r.approvals.enumerated() {
                for a in approvals where a.escalated && scope.contains(seq: a.seq, time: a.time) {
                    escalations.append([r.id, String(step + 1), a.principal, a.time.rfc3339, "#\(a.seq)"])
                    escalationSeqs.append(a.seq)
                }
            }
        }
        sections.append(.init(title: "Escalations", paragraphs: ["Steps filled by the escalation role after the rule's delay."],
                              table: .init(columns: ["request", "step", "approved by", "time", "entry"], rows: escalations)))
        metrics.append(["escalations", "approvals by escalation", String(escalations.count), ReportMath.cite(escalationSeqs)])

        // Emergency changes and their reviews.
        let emergencies = state.emergencies.values.filter { scope.contains(seq: $0.seq, time: $0.appliedAt) && scope.concerns(state.licenses[$0.license]) }
            .sorted { $0.seq < $1.seq }
        sections.append(.init(title: "Emergency changes", table: .init(
            columns: ["change", "kind", "license", "admin", "applied", "review by", "state", "review"],
            rows: emergencies.map { e in
                [e.id, e.kind.rawValue, e.license, e.admin, e.appliedAt.rfc3339, e.reviewDeadline.rfc3339, e.status(at: asOf).rawValue,
                 e.review.map { "\($0.principal) #\($0.seq)\($0.late ? " (late)" : "")" } ?? "—"]
            })))
        let overdue = emergencies.filter { $0.status(at: asOf) == .reviewOverdue || ($0.review?.late ?? false) }
        metrics.append(["emergency changes", "applied", String(emergencies.count), ReportMath.cite(emergencies.map(\.seq))])
        metrics.append(["emergency changes", "review overdue or late", String(overdue.count), ReportMath.cite(overdue.map(\.seq))])

        // Principals and keys.
        let events = history.principalEvents.filter { scope.contains(seq: $0.seq, time: $0.time) }
        sections.append(.init(title: "Principal and key events", table: .init(columns: ["entry", "time", "principal", "event"],
                                                                              rows: events.map { ["#\($0.seq)", $0.time.rfc3339, $0.name, $0.detail] })))
        for type in Set(events.map(\.type)).sorted() {
            let items = events.filter { $0.type == type }
            metrics.append(["principal events", type, String(items.count), ReportMath.cite(items.map(\.seq))])
        }

        // Policies.
        let before = history.policies.last { p in
            switch scope.from {
            case let .seq(s)?: return p.seq < s
            case let .time(t)?: return p.time < t
            case nil: return false
            }
        }
        let adopted = history.policies.filter { scope.contains(seq: $0.seq, time: $0.time) }
        let policies = (before.map { [$0] } ?? []) + adopted
        sections.append(.init(title: "Policy versions in force", table: .init(columns: ["adopted in", "time", "label", "hash"],
                                                                             rows: policies.map { ["#\($0.seq)", $0.time.rfc3339, $0.label, $0.hash] })))
        for p in policies { metrics.append(["policy versions", p.label, p.hash, "#\(p.seq)"]) }

        // Checks.
        let approvalsChecked = requests.flatMap { $0.approvals.flatMap { $0 } }.filter { scope.contains(seq: $0.seq, time: $0.time) }
        let selfApprovals = requests.filter { $0.approvers.contains($0.proposer) }
        let doubleSlots = requests.filter { r in r.approvals.flatMap { $0.map(\.principal) }.count != r.approvers.count }
        // Over the requests proposed in the period, as the one-slot check counts them.
        let appliedInScope = requests.filter { r in r.appliedBy != nil && scope.contains(seq: r.seq, time: r.proposedAt) }
        let forbiddenAppliers = appliedInScope.filter { r in r.appliedBy.map { r.applyRefusal(by: $0) != nil } ?? false }
        let verified = attestation.intact ? "passed" : "FAILED"
        let checks: [[String]] = [
            ["authority: every entry signed by an enrolled, current key whose principal holds the role its type needs", "\(attestation.treeSize) entries", verified],
            ["separation of duties: no proposer approved their own request", "\(Count.text(Int64(approvalsChecked.count))) approvals",
             selfApprovals.isEmpty && attestation.intact ? "passed" : "FAILED: " + ReportMath.cite(selfApprovals.map(\.seq))],
            ["separation of duties: one principal fills one slot of a request",
             "\(Count.text(Int64(requests.filter { scope.contains(seq: $0.seq, time: $0.proposedAt) }.count))) requests",
             doubleSlots.isEmpty && attestation.intact ? "passed" : "FAILED: " + ReportMath.cite(doubleSlots.map(\.seq))],
            ["separation of duties: no change applied by a proposer or approver its rule forbids", "\(Count.text(Int64(appliedInScope.count))) changes",
             forbiddenAppliers.isEmpty && attestation.intact ? "passed" : "FAILED: " + ReportMath.cite(forbiddenAppliers.compactMap(\.closedAt))],
            ["approvals name the exact proposal version they approve; none after expiry", "\(Count.text(Int64(approvalsChecked.count))) approvals", verified],
            ["changes applied only when approved, and once; lifecycle rules held", "\(Count.text(Int64(applied.count))) changes", verified],
        ]
        sections.append(.init(title: "Checks run", paragraphs: [
            "`verify` re-ran every rule from the ledger alone; the separation-of-duties counts were also recomputed from the replayed requests."],
            table: .init(columns: ["check", "over", "result"], rows: checks)))
        for c in checks { metrics.append(["checks", c[0], c[2], c[1]]) }

        // Integrity.
        sections.append(.init(title: "Integrity", paragraphs: [
            attestation.intact ? "verify: intact over all \(attestation.treeSize) entries." : "verify: FAILED: \(attestation.failure ?? "")",
            attestation.checkpoint.map { "Latest checkpoint: \($0.file) (size \($0.size)): \($0.status)." } ?? "No checkpoint is stored; make one with `tierledger checkpoint`.",
        ]))
        metrics.append(["integrity", "verify", attestation.intact ? "intact" : "failed", ""])

        let json: JSONValue = .object([
            "report": "audit", "schema": .integer(Report.schemaVersion), "scope": scope.json, "as_of": .string(asOf.rfc3339),
            "changes": .object([
                "applied": .integer(Int64(applied.count)),
                "by_kind": .object(byKind.mapValues { .integer(Int64($0.count)) }),
                "by_tier": .object(byTier.mapValues { .integer(Int64($0.count)) }),
                "entries": .array(applied.map { .integer($0.seq) }),
            ]),
            "approval_latency_minutes": .array(latency.keys.sorted().map { rule in
                let values = (latency[rule] ?? []).map(\.minutes).sorted()
                return .object(["rule": .string(rule), "requests": .integer(Int64(values.count)), "median": .integer(ReportMath.percentile(values, 50)),
                                "p90": .integer(ReportMath.percentile(values, 90)), "max": .integer(values.last ?? 0),
                                "entries": .array((latency[rule] ?? []).map { .integer($0.seq) })])
            }),
            "not_applied": .array(closed.map { c in
                .object(["request": .string(c.r.id), "seq": .integer(c.r.seq), "outcome": .string(c.outcome), "kind": .string(c.r.kind.rawValue),
                         "license": .string(c.r.license), "proposer": .string(c.r.proposer), "closed": .string(c.at)])
            }),
            "escalations": .array(escalations.map { .object(["request": .string($0[0]), "step": .integer(Int64($0[1]) ?? 0), "principal": .string($0[2]),
                                                             "time": .string($0[3]), "seq": .integer(Int64($0[4].dropFirst()) ?? 0)]) }),
            "emergencies": .array(emergencies.map { e in
                .object(["seq": .integer(e.seq), "kind": .string(e.kind.rawValue), "license": .string(e.license), "admin": .string(e.admin),
                         "applied_at": .string(e.appliedAt.rfc3339), "review_deadline": .string(e.reviewDeadline.rfc3339),
                         "state": .string(e.status(at: asOf).rawValue), "review_seq": e.review.map { .integer($0.seq) } ?? .null,
                         "review_late": .bool(e.review?.late ?? false)])
            }),
            "principal_events": .array(events.map { .object(["seq": .integer($0.seq), "time": .string($0.time.rfc3339), "type": .string($0.type),
                                                            "principal": .string($0.name), "detail": .string($0.detail)]) }),
            "policies": .array(policies.map { .object(["seq": .integer($0.seq), "time": .string($0.time.rfc3339), "label": .string($0.label), "hash": .string($0.hash)]) }),
            "checks": .array(checks.map { .object(["check": .string($0[0]), "over": .string($0[1]), "result": .string($0[2])]) }),
            "attestation": attestation.json,
        ])
        let doc = ReportDocument(kind: "audit", title: "Audit summary", preamble: ReportMath.preamble("Audit summary", scope: scope, history: history),
                                 sections: sections, primary: .init(columns: ["section", "item", "value", "entries"], rows: metrics), attestation: attestation)
        return Report(json: json, document: doc)
    }

    static func appliedSentence(_ count: Int, emergencies: Int) -> String {
        let changes = count == 1 ? "1 change applied" : "\(Count.text(Int64(count))) changes applied"
        switch emergencies {
        case 0: return changes + ", none of them in an emergency."
        case 1: return changes + ", 1 of them an emergency change."
        default: return changes + ", \(Count.text(Int64(emergencies))) of them emergency changes."
        }
    }
}
