import Governance
import Ledger

/// One license's entitlements in plain words: features, quotas with what is left this period,
/// governance controls, SLA terms and support hours, under the policy in force.
enum EntitlementsPage {
    static func render(_ license: License, _ grant: PortalGrant) -> HTML {
        let nav = Layout.customerNav(license: license.id)
        let base = "/portal/licenses/" + PortalPath.segment(license.id)
        guard let policy = grant.state.policy?.set else {
            return Layout.page(title: "License \(license.id)", grant: grant, nav: nav, current: base,
                               "<p>No policy has been adopted yet, so no entitlements are defined.</p>")
        }
        let catalog = policy.catalog
        let tier = catalog.tier(license.tier)
        let addons = license.addons.compactMap { catalog.addon($0) }
        let facts = Layout.facts([
            ("Customer", "\(license.customer)"),
            ("Tier", "\(tier?.name ?? license.tier)"),
            ("Seats", "\(Count.text(license.seats))"),
            ("Add-ons", "\(addons.isEmpty ? "none" : addons.map(\.name).joined(separator: ", "))"),
            ("Term", "\(OverviewPage.day(license.termStart)) to \(OverviewPage.day(license.termEnd))"),
            ("Status", "\(OverviewPage.statusText(license, at: grant.now))"),
            ("Renewal date", "\(OverviewPage.day(license.termEnd))"),
        ])

        var features = Set(tier?.features ?? [])
        for addon in addons { if let feature = addon.addsFeature { features.insert(feature) } }
        let featureItems = features.sorted().map { id -> HTML in
            let name = catalog.features.first { $0.id == id }?.name ?? id
            return "<li>\(name) <span class=\"note\">(\(id))</span></li>"
        }

        let limits = LicenseChange.quotaLimits(catalog, license)
        let periods = Dictionary((tier?.quotas ?? []).map { ($0.metric, $0.period) }, uniquingKeysWith: { first, _ in first })
        let today = OverviewPage.day(grant.now)
        let held = CustomerRoutes.held(license, by: grant.caller)
        let quotaRows = limits.keys.sorted().map { metric -> [HTML] in
            let limit = limits[metric] ?? 0
            let period = periods[metric] ?? "month"
            let unit = catalog.metrics.first { $0.id == metric }?.unit ?? ""
            let used = Usage.used(grant.state.usage[license.id]?[metric] ?? [], period: period, containing: today, held: held)
            let left = limit - used
            let leftText: HTML = left >= 0 ? "\(Count.text(left))" : "<span class=\"bad\">over by \(Count.text(-left))</span>"
            return ["\(metric)", "\(Count.text(limit)) \(unit)", "per \(period)", "\(Count.text(used))", leftText]
        }

        var sections: [HTML] = [facts, "<h2>Features</h2>",
                                featureItems.isEmpty ? "<p>No features.</p>" : "<ul>\(featureItems)</ul>", "<h2>Quotas</h2>"]
        sections.append(quotaRows.isEmpty ? "<p>No quotas.</p>"
            : Layout.table(caption: "Quotas and what is left this period (as of \(today))",
                           columns: ["Metric", "Limit", "Period", "Used this period", "Left"], rows: quotaRows, numeric: [3, 4]))
        if let tier {
            let g = tier.governance
            sections.append("<h2>Governance controls</h2>")
            sections.append(Layout.facts([
                ("Audit log kept", "\(g.auditLogRetentionDays) days"),
                ("Single sign-on", "\(g.sso ? "included" : "not included")"),
                ("Policy enforcement", "\(g.policyEnforcement ? "included" : "not included")"),
                ("Data residency", "\(g.dataResidency.isEmpty ? "no commitment" : g.dataResidency.joined(separator: ", "))"),
            ]))
            let uptime = max(tier.sla.uptimeBp, addons.compactMap(\.slaUptimeBp).max() ?? 0)
            let hours = addons.compactMap(\.slaSupportHours).first ?? tier.sla.supportHours
            sections.append("<h2>Service level and support</h2>")
            sections.append(Layout.facts([
                ("Uptime each month", "\(percent(uptime))"),
                ("Support hours", "\(supportHours(hours))"),
                ("Support regions", "\(tier.sla.supportRegions.isEmpty ? "any" : tier.sla.supportRegions.joined(separator: ", "))"),
            ]))
            let severities = Severity.allCases.filter { tier.sla.firstResponseMinutes[$0] != nil || tier.sla.resolutionHours[$0] != nil }
            sections.append(Layout.table(caption: "Response and resolution targets", columns: ["Severity", "First response", "Resolution"],
                                         rows: severities.map { severity -> [HTML] in
                                             ["\(severity.rawValue)", "\(tier.sla.firstResponseMinutes[severity].map { minutes($0) } ?? "—")",
                                              "\(tier.sla.resolutionHours[severity].map { "within \($0) hours" } ?? "—")"]
                                         }))
            if !tier.sla.credits.isEmpty {
                let steps = tier.sla.credits.sorted { $0.belowBp > $1.belowBp }.map { step -> HTML in
                    "<li>uptime below \(percent(step.belowBp)): \(percent(step.creditBp)) of the month's fee</li>"
                }
                sections.append("<p>Service credits when a month falls short:</p><ul>\(steps)</ul>")
            }
        }
        return Layout.page(title: "License \(license.id)", grant: grant, nav: nav, current: base, HTML.join(sections, separator: "\n"))
    }

    /// Basis points as a percentage: 9990 → "99.90 %".
    static func percent(_ bp: Int64) -> String {
        let whole = bp / 100, part = abs(bp % 100)
        return "\(whole).\(part < 10 ? "0" : "")\(part) %"
    }

    static func minutes(_ value: Int64) -> String {
        value % 60 == 0 ? "within \(value / 60) hour\(value == 60 ? "" : "s")" : "within \(value) minutes"
    }

    static func supportHours(_ name: String) -> String {
        switch name {
        case "business": return "business hours, Monday to Friday 09:00–18:00"
        case "extended": return "extended hours, Monday to Saturday 07:00–22:00"
        case "24x7": return "around the clock, every day"
        default: return name
        }
    }
}

/// Usage against quotas.
enum Usage {
    /// The usage recorded in the `period` (day, month or year) that contains `day`, summed, counting
    /// only records within the viewer's holdings.
    static func used(_ records: [UsageRecord], period: String, containing day: String, held: [Holding]) -> Int64 {
        let key = prefix(day, period)
        return records.filter { record in
            prefix(record.periodStart, period) == key && held.contains { $0.covers(periodStart: record.periodStart, periodEnd: record.periodEnd) }
        }.reduce(0) { $0 + $1.value }
    }

    static func prefix(_ date: String, _ period: String) -> Substring {
        switch period {
        case "year": return date.prefix(4)
        case "day": return date.prefix(10)
        default: return date.prefix(7)
        }
    }
}
