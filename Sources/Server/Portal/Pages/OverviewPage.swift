import Governance
import Ledger

/// Each license the viewer may read: tier, seats, add-ons, term, status and renewal date.
enum OverviewPage {
    static func render(_ grant: PortalGrant) -> HTML {
        let licenses = grant.state.licenses.values
            .filter { grant.customer == nil || $0.customer == grant.customer }
            .sorted { $0.id < $1.id }
        let catalog = grant.state.policy?.set.catalog
        let rows = licenses.map { license -> [HTML] in
            let link = "/portal/licenses/" + PortalPath.segment(license.id)
            let tier = catalog?.tier(license.tier)?.name ?? license.tier
            let status = license.status(at: grant.now)
            let renewal: String = status == .terminated ? "—" : day(license.termEnd)
            return ["<a href=\"\(link)\">\(license.id)</a>", "\(license.customer)", "\(tier)", "\(Count.text(license.seats))",
                    "\(license.addons.isEmpty ? "none" : license.addons.joined(separator: ", "))",
                    "\(day(license.termStart)) to \(day(license.termEnd))", "\(statusText(license, at: grant.now))", "\(renewal)"]
        }
        let body: HTML = licenses.isEmpty
            ? "<p>No licenses are recorded for you as of entry \(grant.state.lastSeq).</p>"
            : Layout.table(caption: "Licenses", columns: ["License", "Customer", "Tier", "Seats", "Add-ons", "Term", "Status", "Renewal date"],
                           rows: rows, numeric: [3])
        return Layout.page(title: grant.isStaff ? "All licenses" : "Your licenses", grant: grant,
                           nav: grant.isStaff ? Layout.staffNav : Layout.customerNav(), current: "/portal", body)
    }

    /// The date part of a time.
    static func day(_ time: EntryTime) -> String { String(time.rfc3339.prefix(10)) }

    /// The status in words, with a trial's end.
    static func statusText(_ license: License, at time: EntryTime) -> String {
        let status = license.status(at: time).rawValue
        return license.isTrial ? "\(status) (trial until \(day(license.termEnd)))" : status
    }
}
