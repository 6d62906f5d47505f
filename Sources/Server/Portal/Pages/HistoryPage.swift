import Governance
import Ledger

/// Every change to a license that the viewer may see (for a customer: those made while the license
/// was its own) and the certifications issued to it: what changed, when, under which rule, approved
/// by which roles, each with a control that verifies the entry in the browser against the log's
/// latest checkpoint and its witnesses (docs/portal.md).
enum HistoryPage {
    static func render(_ license: License, _ grant: PortalGrant, rows: [(seq: Int64, entry: StoredEntry)], trust: HTML) -> HTML {
        let base = "/portal/licenses/" + PortalPath.segment(license.id)
        let applied = Dictionary(grant.state.requests.values.compactMap { request -> (Int64, ChangeRequest)? in
            guard request.state == .applied, let closed = request.closedAt else { return nil }
            return (closed, request)
        }, uniquingKeysWith: { first, _ in first })
        let tableRows = rows.reversed().map { row -> [HTML] in
            let entry = row.entry.entry
            let (what, rule, approved) = describe(row.seq, entry: entry, license: license, applied: applied, state: grant.state)
            return ["\(row.seq)", "\(entry.time.rfc3339)", "\(what)", "\(rule)", "\(approved)",
                    "<button type=\"button\" class=\"verify\" data-seq=\"\(row.seq)\">Verify</button> <output data-verify-for=\"\(row.seq)\"></output>"]
        }
        let body: HTML = tableRows.isEmpty ? "<p>No change to this license is recorded for you.</p>" : """
            <p>Each row is an entry of the ledger. <button type="button" id="verify-all">Verify all</button> checks every row in this
            browser: the entry's hash, its inclusion proof, and the log's signed checkpoint with its witnesses' cosignatures.</p>
            \(Layout.table(caption: "Changes to \(license.id), newest first", columns: ["Entry", "Time", "What changed", "Rule", "Approved by", "Check"],
                           rows: tableRows, numeric: [0]))
            """
        return Layout.page(title: "History of \(license.id)", grant: grant, nav: Layout.customerNav(license: license.id), current: base + "/history",
                           scripts: !tableRows.isEmpty, trust: trust, body)
    }

    /// The keys the page's verifier trusts, shown with their fingerprints so that a customer can
    /// compare them out of band, and the same keys as the script's JSON.
    static func trust(_ anchors: TrustAnchors) -> HTML {
        let rows = anchors.rows.map { row -> [HTML] in ["\(row.name)", "\(String(describing: row.kind))", "<code>\(row.fingerprint)</code>",
                                                         "<code>\(row.vkey)</code>"] }
        return """
            <h2>Keys the verification trusts</h2>
            <p>Compare these with the fingerprints your vendor publishes on another channel: a check is only as good as the keys it starts from.</p>
            \(Layout.table(caption: "Log and witness keys", columns: ["Name", "Kind", "Fingerprint", "Verifier key"], rows: rows))
            \(HTML.trusted(anchors.scriptElement))
            """
    }

    /// What an entry changed, the rule it went through and who approved it (with their roles).
    static func describe(_ seq: Int64, entry: Entry, license: License, applied: [Int64: ChangeRequest],
                         state: GovernanceState) -> (String, String, String) {
        if entry.type == Certification.type {
            return ("certified: entitlements stated for a license certificate", "—", "licensor")
        }
        let index = license.versions.firstIndex { $0.seq == seq }
        let what = index.map { changes(from: $0 > 0 ? license.versions[$0 - 1] : nil, to: license.versions[$0]) } ?? entry.type
        if let request = applied[seq] {
            let roles = request.approvals.enumerated().flatMap { step, approvals in
                approvals.map { approval -> String in
                    let role = approval.escalated ? request.rule.steps[safe: step]?.escalation?.role.name : request.rule.steps[safe: step]?.role.name
                    return role ?? "approver"
                }
            }
            let approved = roles.isEmpty ? "no approval needed" : Array(Set(roles)).sorted().joined(separator: ", ")
            return ("\(request.kind.rawValue): \(what)", "\(request.rule.id) (\(request.id))", approved)
        }
        if let emergency = state.emergencies[seq] {
            let review = emergency.review.map { _ in "reviewed by \(emergency.reviewRole.name)" } ?? "awaiting review by \(emergency.reviewRole.name)"
            return ("\(emergency.kind.rawValue) (emergency): \(what)", "emergency change (\(emergency.id))", "admin; \(review)")
        }
        return (what, "—", "—")
    }

    /// The difference between two versions of a license, in words.
    static func changes(from before: License.Version?, to after: License.Version) -> String {
        guard let before else {
            return "issued: \(after.tier), \(Count.text(after.seats)) seats, \(OverviewPage.day(after.termStart)) to \(OverviewPage.day(after.termEnd))"
        }
        var parts: [String] = []
        if before.customer != after.customer { parts.append("transferred from \(before.customer) to \(after.customer)") }
        if before.tier != after.tier { parts.append("tier \(before.tier) → \(after.tier)") }
        if before.seats != after.seats { parts.append("seats \(Count.text(before.seats)) → \(Count.text(after.seats))") }
        let added = after.addons.filter { !before.addons.contains($0) }, removed = before.addons.filter { !after.addons.contains($0) }
        if !added.isEmpty { parts.append("add-ons added: \(added.joined(separator: ", "))") }
        if !removed.isEmpty { parts.append("add-ons removed: \(removed.joined(separator: ", "))") }
        if before.termEnd != after.termEnd { parts.append("term ends \(OverviewPage.day(after.termEnd)) (was \(OverviewPage.day(before.termEnd)))") }
        if before.status != after.status { parts.append("status \(before.status.rawValue) → \(after.status.rawValue)") }
        return parts.isEmpty ? "no change to the entitlements" : parts.joined(separator: "; ")
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
