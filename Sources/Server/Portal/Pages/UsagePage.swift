import Governance
import Ledger

/// Usage per metric and month against the quota: an SVG bar chart (one bar per month) with the
/// same numbers in a table beside it, so the page reads without the picture.
enum UsagePage {
    static func render(_ license: License, _ grant: PortalGrant) -> HTML {
        let base = "/portal/licenses/" + PortalPath.segment(license.id)
        let catalog = grant.state.policy?.set.catalog
        let limits = catalog.map { LicenseChange.quotaLimits($0, license) } ?? [:]
        let periods = Dictionary((catalog?.tier(license.tier)?.quotas ?? []).map { ($0.metric, $0.period) }, uniquingKeysWith: { first, _ in first })
        let held = CustomerRoutes.held(license, by: grant.caller)
        let recorded = grant.state.usage[license.id] ?? [:]
        let metrics = Set(limits.keys).union(recorded.keys).sorted()
        var sections: [HTML] = []
        for metric in metrics {
            var months: [String: Int64] = [:]
            for record in recorded[metric] ?? [] where held.contains(where: { $0.covers(periodStart: record.periodStart, periodEnd: record.periodEnd) }) {
                months[String(record.periodStart.prefix(7)), default: 0] += record.value
            }
            let unit = catalog?.metrics.first { $0.id == metric }?.unit ?? ""
            // A monthly quota is drawn as a line; a daily or yearly one is stated, not compared with months.
            let monthly = (periods[metric] ?? "month") == "month" ? limits[metric] : nil
            let bars = months.keys.sorted().map { (month: $0, value: months[$0] ?? 0) }
            var quota: HTML = ""
            if let limit = limits[metric] { quota = " <span class=\"note\">quota \(Count.text(limit)) per \(periods[metric] ?? "month")</span>" }
            sections.append("<h2>\(metric)\(unit.isEmpty ? "" : " (\(unit))")\(quota)</h2>")
            if bars.isEmpty {
                sections.append("<p>No usage recorded.</p>")
                continue
            }
            let rows = bars.map { bar -> [HTML] in
                let share: HTML = monthly.map { $0 > 0 ? "\(bar.value * 100 / $0) %" : "—" } ?? "—"
                let over = monthly.map { bar.value > $0 } ?? false
                return ["\(bar.month)", over ? "<span class=\"bad\">\(Count.text(bar.value))</span>" : "\(Count.text(bar.value))", share]
            }
            sections.append("""
                <div class="chart">\(chart(metric: metric, bars: bars, limit: monthly))\
                \(Layout.table(caption: "\(metric) by month", columns: ["Month", "Used", "Of quota"], rows: rows, numeric: [1, 2]))</div>
                """)
        }
        if metrics.isEmpty { sections.append("<p>No quotas and no usage recorded for this license.</p>") }
        return Layout.page(title: "Usage of \(license.id)", grant: grant, nav: Layout.customerNav(license: license.id), current: base + "/usage",
                           HTML.join(sections, separator: "\n"))
    }

    /// Bars scaled to the largest of the values and the limit; a dashed line at the limit.
    static func chart(metric: String, bars: [(month: String, value: Int64)], limit: Int64?) -> HTML {
        let width = 40, gap = 12, height = 160, top = 10, bottom = 30, left = 10
        let scale = max(bars.map(\.value).max() ?? 0, limit ?? 0, 1)
        let total = left + bars.count * (width + gap)
        func y(_ value: Int64) -> Int { top + height - Int(value * Int64(height) / scale) }
        let rects = bars.enumerated().map { index, bar -> HTML in
            let x = left + index * (width + gap)
            let over = limit.map { bar.value > $0 } ?? false
            return """
                <rect class="bar\(over ? " over" : "")" x="\(x)" y="\(y(bar.value))" width="\(width)" height="\(top + height - y(bar.value))">\
                <title>\(bar.month): \(Count.text(bar.value))</title></rect>\
                <text class="axis" x="\(x + width / 2)" y="\(top + height + 16)" text-anchor="middle">\(String(bar.month.suffix(2)))</text>
                """
        }
        let line: HTML = limit.map { "<line class=\"limit\" x1=\"0\" x2=\"\(total)\" y1=\"\(y($0))\" y2=\"\(y($0))\"></line>" } ?? ""
        let label = "\(metric): \(bars.count) months, from \(bars.first?.month ?? "") to \(bars.last?.month ?? "")"
            + (limit.map { ", quota \(Count.text($0)) a month" } ?? "")
        return """
            <svg role="img" aria-label="\(label)" viewBox="0 0 \(total) \(top + height + bottom)" width="\(total)" height="\(top + height + bottom)" data-metric="\(metric)">\(rects)\(line)</svg>
            """
    }
}
