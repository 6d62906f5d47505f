import Governance
import Hummingbird
import Ledger
import Reports

/// A customer's reports: the change log of its licenses for any period, in HTML, Markdown, CSV or
/// JSON, made from the ledger at the moment of the download and attested to the checkpoint it
/// rests on. Staff get every customer's.
struct PortalReports {
    let portal: Portal

    func register(_ add: Portal.Adder) {
        let service = portal.service, pool = portal.pool
        add(.get, "/portal/reports", .customerOrStaff) { _, _, grant in
            PortalResponse.page(ReportsPage.render(grant))
        }
        add(.get, "/portal/reports/changelog", .customerOrStaff) { request, _, grant in
            let format = Query.text(request, "format") ?? "html"
            guard Report.formats.contains(format) else {
                throw APIError.badRequest("format must be one of \(Report.formats.joined(separator: ", "))", remedy: "pick a format on the reports page")
            }
            var scope = ReportScope(customer: grant.customer)
            for (name, isEnd) in [("from", false), ("to", true)] {
                guard let text = Query.text(request, name), !text.isEmpty else { continue }
                guard let bound = ReportScope.bound(text, isEnd: isEnd) else {
                    throw APIError.badRequest("\(name) must be a date (YYYY-MM-DD)", remedy: "e.g. ?\(name)=2026-01-01")
                }
                if isEnd { scope.to = bound } else { scope.from = bound }
            }
            let store = service.store, asked = scope
            let report = try await pool.run { try Report.make(.changelog, ledger: store, scope: asked, attest: .checkpoint) }
            guard let text = report.rendered(format) else { throw APIError.badRequest("format \(format) cannot be rendered") }
            let types = ["html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8",
                         "json": "application/json"]
            return PortalResponse.download(text, type: types[format] ?? "text/plain; charset=utf-8",
                                           filename: "changelog-\(PortalPath.segment(grant.customer ?? "all")).\(format)")
        }
    }
}

enum ReportsPage {
    static func render(_ grant: PortalGrant) -> HTML {
        let formats: [(String, String)] = [("html", "HTML"), ("md", "Markdown"), ("csv", "CSV"), ("json", "JSON")]
        let options = formats.map { value, name -> HTML in "<option value=\"\(value)\">\(name)</option>" }
        return Layout.page(title: "Reports", grant: grant, nav: grant.isStaff ? Layout.staffNav : Layout.customerNav(), current: "/portal/reports", """
            <p>The change log of \(grant.customer.map { "your licenses (customer \($0))" } ?? "every customer's licenses"): every applied change,
            what it changed, the rule it went through and who approved it. It is made from the ledger when you ask for it and names
            the checkpoint it rests on.</p>
            <form method="get" action="/portal/reports/changelog">
            <label for="from">From (YYYY-MM-DD, optional)</label><input id="from" name="from" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}">
            <label for="to">To (YYYY-MM-DD, optional)</label><input id="to" name="to" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}">
            <label for="format">Format</label><select id="format" name="format">\(options)</select>
            <p><button type="submit">Download the change log</button></p>
            </form>
            """)
    }
}
