import Governance
import Hummingbird
import Ledger

/// A customer's pages: its licenses, and for each one its entitlements, usage, SLA record and
/// history. Staff may open them too (read-only, any customer's). A license the viewer may not read
/// answers exactly as one that does not exist, as in the JSON API.
struct PortalCustomerPages {
    let portal: Portal

    func register(_ add: Portal.Adder) {
        add(.get, "/portal", .customerOrStaff) { _, _, grant in
            PortalResponse.page(OverviewPage.render(grant))
        }
        add(.get, "/portal/licenses/{id}", .customerOrStaff) { _, context, grant in
            let license = try CustomerRoutes.license(context, grant.api, in: grant.state)
            return PortalResponse.page(EntitlementsPage.render(license, grant))
        }
        add(.get, "/portal/licenses/{id}/usage", .customerOrStaff) { _, context, grant in
            let license = try CustomerRoutes.license(context, grant.api, in: grant.state)
            return PortalResponse.page(UsagePage.render(license, grant))
        }
        add(.get, "/portal/licenses/{id}/sla", .customerOrStaff) { request, context, grant in
            let license = try CustomerRoutes.license(context, grant.api, in: grant.state)
            let month = Query.text(request, "month")
            if let month, SLAAttainment.bounds(of: month) == nil {
                throw APIError.badRequest("month must be YYYY-MM", remedy: "pick a month from the list on the SLA page")
            }
            return PortalResponse.page(try SLAPage.render(license, grant, month: month))
        }
        let service = portal.service, pool = portal.pool
        add(.get, "/portal/licenses/{id}/history", .customerOrStaff) { _, context, grant in
            let license = try CustomerRoutes.license(context, grant.api, in: grant.state)
            let seqs = CustomerRoutes.visibleEntries(of: license, grant.api, in: grant.state)
            let store = service.store
            let rows = try await pool.run {
                try seqs.map { seq in (seq: seq, entry: try store.entry(at: seq)) }
            }
            let anchors = try TrustAnchors(store: store)
            return PortalResponse.page(HistoryPage.render(license, grant, rows: rows, trust: HistoryPage.trust(anchors)))
        }
    }
}
