import Governance
import Hummingbird
import Ledger
import Reports

/// Read-only pages for staff: a compliance overview (counts, health findings, pending and stale
/// approvals, the policy in force) and the signed-in approver's queue, each request with the same
/// summary as `tierledger change show` and the exact command that approves it. Decisions are never
/// taken in the browser: they are signed with the approver's own key by the command line.
struct PortalStaffPages {
    let portal: Portal

    func register(_ add: Portal.Adder) {
        let service = portal.service, pool = portal.pool
        add(.get, "/portal/staff", .staff) { _, _, grant in
            let store = service.store
            let health = try await pool.run { try? Report.make(.health, ledger: store, scope: ReportScope(), attest: .checkpoint) }
            return PortalResponse.page(CompliancePage.render(grant, health: health))
        }
        add(.get, "/portal/staff/queue", .staff) { request, _, grant in
            let origin = request.head.authority.map { "http://" + $0 } ?? "URL"
            return PortalResponse.page(QueuePage.render(grant, server: origin))
        }
    }
}

/// The compliance overview.
enum CompliancePage {
    static func render(_ grant: PortalGrant, health: Report?) -> HTML {
        let state = grant.state
        var byStatus: [String: Int] = [:]
        for license in state.licenses.values { byStatus[license.status(at: grant.now).rawValue, default: 0] += 1 }
        let customers = Set(state.licenses.values.map(\.customer)).count
        let pending = state.changeRequests(status: RequestStatus.pending.rawValue, at: grant.now)
        let overdue = state.emergencies.values.filter { $0.status(at: grant.now) == .reviewOverdue }
        var sections: [HTML] = [Layout.facts([
            ("Entries", "\(Count.text(state.lastSeq + 1))"),
            ("Customers", "\(Count.text(Int64(customers)))"),
            ("Licenses", "\(byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))"),
            ("Pending change requests", "\(pending.count)"),
            ("Emergency changes overdue for review", "\(overdue.count)"),
            ("Policy in force", "\(state.policy.map { "\($0.set.approvals.label) (\(String($0.set.hash.prefix(16)))…), adopted in entry \($0.adoptedAt)" } ?? "none adopted")"),
        ])]
        sections.append("<h2>Health findings</h2>")
        let findings = health?.json.objectValue?["findings"]?.arrayValue ?? []
        if health == nil {
            sections.append("<p class=\"error\">The health check could not run; `tierledger report health` says why.</p>")
        } else if findings.isEmpty {
            sections.append("<p>No findings.</p>")
        } else {
            let rows = findings.prefix(200).map { finding -> [HTML] in
                let m = finding.objectValue ?? [:]
                return [m["severity"]?.stringValue ?? "", m["category"]?.stringValue ?? "", m["subject"]?.stringValue ?? "",
                        m["finding"]?.stringValue ?? "", m["recommendation"]?.stringValue ?? ""].map { "\($0)" }
            }
            sections.append(Layout.table(caption: "Findings (\(findings.count)), most urgent first", columns: ["Severity", "Category", "Subject", "Finding", "Recommendation"],
                                         rows: rows))
        }
        sections.append("<h2>Pending approvals</h2>")
        if pending.isEmpty {
            sections.append("<p>No change request is pending.</p>")
        } else {
            let rows = pending.map { request -> [HTML] in
                let waiting = (grant.now.milliseconds - (request.currentStep.flatMap { request.stepOpenedAt[$0] } ?? request.proposedAt).milliseconds) / 3_600_000
                return ["\(request.id)", "\(request.kind.rawValue)", "\(request.license)", "\(request.rule.id)",
                        "\(request.currentStep.map { "step \($0 + 1) of \(request.rule.steps.count): \(request.rule.steps[$0].role.name)" } ?? "—")",
                        "\(waiting) h", "\(request.expiresAt.rfc3339)"]
            }
            sections.append(Layout.table(caption: "Pending change requests", columns: ["Request", "Kind", "License", "Rule", "Waiting for", "Waiting", "Expires"],
                                         rows: rows, numeric: [5]))
        }
        return Layout.page(title: "Compliance overview", grant: grant, nav: Layout.staffNav, current: "/portal/staff", HTML.join(sections, separator: "\n"))
    }
}

/// The approver's queue: requests whose open step the signed-in staff member may decide.
enum QueuePage {
    static func render(_ grant: PortalGrant, server: String) -> HTML {
        guard case let .staff(name, roles, _) = grant.caller else { return "" }
        let waiting = grant.state.requests.values.sorted { $0.seq < $1.seq }.filter { request in
            guard request.status(at: grant.now) == .pending, !request.approvers.contains(name) else { return false }
            switch request.eligibility(of: roles, at: grant.now) {
            case .byRole?, .byEscalation?: return true
            default: return false
            }
        }
        let items = waiting.map { request -> HTML in
            let lines = ChangeSummary.lines(request, state: grant.state, at: grant.now).joined(separator: "\n")
            return """
                <section aria-labelledby="r\(request.seq)"><h2 id="r\(request.seq)">\(request.id): \(request.kind.rawValue) of \(request.license)</h2>
                <pre>\(lines)</pre>
                <p>Approve with your own key: <code>tierledger change approve \(request.id) --server \(server) --key YOUR-KEY.pem</code><br>
                or reject: <code>tierledger change reject \(request.id) --reason "…" --server \(server) --key YOUR-KEY.pem</code></p>
                </section>
                """
        }
        let body: HTML = items.isEmpty ? "<p>Nothing is waiting for you, \(name).</p>" : HTML.join(items, separator: "\n")
        return Layout.page(title: "Approval queue", grant: grant, nav: Layout.staffNav, current: "/portal/staff/queue", body)
    }
}
