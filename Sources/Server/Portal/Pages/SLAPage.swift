import Foundation
import Governance
import Ledger

/// The SLA record of one license: attainment by month (uptime against the target, misses, credit
/// owed), and for the chosen month its incidents with duration and severity and its tickets.
/// A month belongs to whoever held the license at its end, as the JSON API's `/sla` says.
enum SLAPage {
    static func render(_ license: License, _ grant: PortalGrant, month chosen: String?) throws -> HTML {
        let base = "/portal/licenses/" + PortalPath.segment(license.id)
        let months = self.months(of: license, until: grant.now)
        var attainments: [SLAAttainment] = []
        for month in months {
            guard let attainment = try? SLAMonth(month, state: grant.state).attainment(of: license),
                  grant.caller.mayRead(customer: attainment.customer) else { continue }
            attainments.append(attainment)
        }
        var sections: [HTML] = []
        if attainments.isEmpty {
            sections.append("<p>No month of service is recorded for you on this license yet.</p>")
        } else {
            let rows = attainments.reversed().map { a -> [HTML] in
                let link = base + "/sla?month=" + a.month
                let uptime: HTML = a.uptimeMet ? "<span class=\"ok\">\(EntitlementsPage.percent(a.uptimeBp))</span>"
                    : "<span class=\"bad\">\(EntitlementsPage.percent(a.uptimeBp))</span>"
                return ["<a href=\"\(link)\">\(a.month)</a>", uptime, "\(EntitlementsPage.percent(a.targetBp))", "\(a.downtimeMinutes)",
                        "\(a.incidents.count)", "\(a.misses)", "\(Money.text(a.credit, a.currency))", "\(Money.text(a.creditIssued, a.currency))"]
            }
            sections.append(Layout.table(caption: "Attainment by month", columns: ["Month", "Uptime", "Target", "Downtime (min)", "Incidents",
                                                                                   "Targets missed", "Credit owed", "Credit issued"],
                                         rows: rows, numeric: [1, 2, 3, 4, 5, 6, 7]))
            let shown = attainments.first { $0.month == chosen } ?? attainments[attainments.count - 1]
            sections.append(detail(shown, grant))
        }
        return Layout.page(title: "SLA record of \(license.id)", grant: grant, nav: Layout.customerNav(license: license.id), current: base + "/sla",
                           HTML.join(sections, separator: "\n"))
    }

    static func detail(_ a: SLAAttainment, _ grant: PortalGrant) -> HTML {
        let incidents = a.incidents.compactMap { seq in grant.state.incidents.first { $0.seq == seq } }
        let incidentRows = incidents.map { incident -> [HTML] in
            let minutes = (incident.end.milliseconds - incident.start.milliseconds) / 60_000
            return ["\(incident.start.rfc3339)", "\(minutes) min", "\(incident.severity.rawValue)\(incident.isOutage ? " (outage)" : "")",
                    "\(incident.summary)", "\(incident.seq)"]
        }
        let ticketRows = a.tickets.map { t -> [HTML] in
            ["\(t.ticket.opened.rfc3339)", "\(t.ticket.priority.rawValue)",
             met(t.responseMet, "\(t.responseMinutes) of \(t.responseTarget) min"),
             met(t.resolutionMet, "\(t.resolutionMinutes) of \(t.resolutionTarget) min")]
        }
        return """
            <h2>\(a.month) in detail</h2>
            \(Layout.facts([("Uptime", "\(EntitlementsPage.percent(a.uptimeBp)) against \(EntitlementsPage.percent(a.targetBp))"),
                            ("Downtime", "\(a.downtimeMinutes) minutes"),
                            ("Monthly fee", "\(Money.text(a.monthlyFee, a.currency))"),
                            ("Credit owed", "\(Money.text(a.credit, a.currency)) (\(EntitlementsPage.percent(a.creditBp)) of the fee)"),
                            ("Credit issued", "\(Money.text(a.creditIssued, a.currency))"),
                            ("Excused by announced maintenance", "\(a.excusedMinutes) minutes")]))
            \(incidentRows.isEmpty ? "<p>No incident affected this license in \(a.month).</p>"
                : Layout.table(caption: "Incidents in \(a.month)", columns: ["Began", "Duration", "Severity", "Summary", "Entry"], rows: incidentRows,
                               numeric: [1, 4]))
            \(ticketRows.isEmpty ? "<p>No support ticket was closed in \(a.month).</p>"
                : Layout.table(caption: "Support tickets in \(a.month) (business minutes)", columns: ["Opened", "Severity", "First response", "Resolution"],
                               rows: ticketRows))
            <p class="note">Credits owed are computed from the ledger's incidents and tickets under the SLA terms of your tier, on what
            you pay for the month; credits issued are those the ledger records as paid out.</p>
            """
    }

    static func met(_ ok: Bool, _ text: String) -> HTML {
        ok ? "<span class=\"ok\">met: \(text)</span>" : "<span class=\"bad\">missed: \(text)</span>"
    }

    /// The months (YYYY-MM) of the license's life up to `now`, oldest first, at most the last 24.
    static func months(of license: License, until now: EntryTime) -> [String] {
        let first = license.versions.first?.from ?? license.termStart
        let last = min(now, license.termEnd)
        guard first <= last, var year = Int(first.rfc3339.prefix(4)), var month = Int(first.rfc3339.dropFirst(5).prefix(2)),
              let endYear = Int(last.rfc3339.prefix(4)), let endMonth = Int(last.rfc3339.dropFirst(5).prefix(2)) else { return [] }
        var out: [String] = []
        while (year, month) <= (endYear, endMonth) {
            out.append(String(format: "%04d-%02d", year, month))
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return Array(out.suffix(24))
    }
}
