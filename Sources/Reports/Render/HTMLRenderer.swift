import Governance

/// One self-contained HTML file: inline CSS, inline SVG bar charts, no scripts, no network. It
/// reads on screen and prints to PDF (tables do not split rows, charts do not split).
public enum HTMLRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(doc.title))</title>
            <style>
            body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2330; max-width: 1100px; margin: 2em auto; padding: 0 1.5em; }
            h1 { font-size: 1.6em; margin-bottom: .2em; }
            h2 { font-size: 1.2em; border-bottom: 1px solid #d5d9e0; padding-bottom: .2em; margin-top: 2em; }
            ul.preamble { color: #4a5568; padding-left: 1.2em; }
            table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; font-size: .92em; }
            th, td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid #e4e7ec; }
            td { white-space: pre-wrap; }
            th { background: #f3f5f8; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr { page-break-inside: avoid; }
            figure { margin: 1em 0; page-break-inside: avoid; }
            figcaption { font-weight: 600; margin-bottom: .3em; }
            .attestation td:first-child { width: 16em; color: #4a5568; }
            .attestation { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; word-break: break-all; }
            .none { color: #718096; font-style: italic; }
            @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
            </style>
            </head>
            <body>
            <h1>\(HTMLText.escape(doc.title))</h1>

            """
        out += "<ul class=\"preamble\">\n" + doc.preamble.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
        for section in doc.sections {
            out += "<section>\n<h2>\(HTMLText.escape(section.title))</h2>\n"
            for paragraph in section.paragraphs { out += "<p>\(HTMLText.escape(paragraph))</p>\n" }
            if let chart = section.chart { out += svg(chart) }
            if let table = section.table { out += render(table) }
            out += "</section>\n"
        }
        out += "<section>\n<h2>Attestation</h2>\n<table class=\"attestation\">\n"
        for (label, value) in doc.attestation.lines { out += "<tr><td>\(HTMLText.escape(label))</td><td>\(HTMLText.escape(value))</td></tr>\n" }
        out += "</table>\n</section>\n</body>\n</html>\n"
        return out
    }

    static func render(_ table: ReportDocument.Table) -> String {
        guard !table.rows.isEmpty else { return "<p class=\"none\">none</p>\n" }
        var out = "<table>\n<thead><tr>" + table.columns.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>" + row.map { cell in
                isFigure(cell) ? "<td class=\"num\">\(HTMLText.escape(cell))</td>" : "<td>\(HTMLText.escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// A horizontal bar chart; a limit, when given, is a dark tick on the bar's track.
    static func svg(_ chart: ReportDocument.BarChart) -> String {
        guard !chart.bars.isEmpty else { return "" }
        let rowHeight = 22, labelWidth = 230, barWidth = 560, top = 8
        let height = top * 2 + chart.bars.count * rowHeight
        let scale = max(chart.bars.map { max($0.value, $0.limit ?? 0) }.max() ?? 1, 1)
        var out = "<figure>\n<figcaption>\(HTMLText.escape(chart.title))</figcaption>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 110)\" height=\"\(height)\" role=\"img\" aria-label=\"\(HTMLText.escape(chart.title))\">\n"
        for (i, bar) in chart.bars.enumerated() {
            let y = top + i * rowHeight
            let width = Int(Double(barWidth) * Double(max(bar.value, 0)) / Double(scale))
            let over = bar.limit.map { bar.value > $0 } ?? false
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\" fill=\"#1d2330\">\(HTMLText.escape(bar.label))</text>\n"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"16\" fill=\"#eef1f5\"/>\n"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"\(over ? "#c53030" : "#3b6fb6")\"/>\n"
            if let limit = bar.limit {
                let x = labelWidth + Int(Double(barWidth) * Double(limit) / Double(scale))
                out += "<line x1=\"\(x)\" y1=\"\(y + 1)\" x2=\"\(x)\" y2=\"\(y + 21)\" stroke=\"#1d2330\" stroke-width=\"2\"/>\n"
            }
            let label = bar.caption ?? bar.limit.map { "\(Count.text(bar.value)) / \(Count.text($0)) \(chart.unit)" } ?? "\(Count.text(bar.value)) \(chart.unit)"
            out += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 15)\" font-size=\"12\" fill=\"#4a5568\">\(HTMLText.escape(label))</text>\n"
        }
        return out + "</svg>\n</figure>\n"
    }

    /// A number as the tables print one (`-1,234`, `12.50`): right-aligned.
    static func isFigure(_ cell: String) -> Bool {
        var digits = 0
        for (i, s) in cell.unicodeScalars.enumerated() {
            switch s {
            case "0"..."9": digits += 1
            case ",", ".": continue
            case "-", "+": if i > 0 { return false }
            default: return false
            }
        }
        return digits > 0
    }
}
