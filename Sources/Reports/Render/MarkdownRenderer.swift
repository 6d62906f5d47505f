/// GitHub-flavoured Markdown: headings, pipe tables, charts as tables of values.
public enum MarkdownRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        var out = "# \(doc.title)\n\n"
        for line in doc.preamble { out += "- \(escape(line))\n" }
        out += "\n"
        for section in doc.sections {
            out += "## \(section.title)\n\n"
            for paragraph in section.paragraphs { out += escape(paragraph) + "\n\n" }
            if let table = section.table { out += render(table) + "\n" }
            if let chart = section.chart, section.table == nil {
                out += render(ReportDocument.Table(columns: ["", chart.unit],
                                                   rows: chart.bars.map { [$0.label, $0.caption ?? String($0.value)] })) + "\n"
            }
        }
        out += "## Attestation\n\n"
        out += render(ReportDocument.Table(columns: ["", ""], rows: doc.attestation.lines.map { [$0.0, $0.1] }))
        return out
    }

    static func render(_ table: ReportDocument.Table) -> String {
        guard !table.rows.isEmpty else { return "_none_\n" }
        var out = "| " + table.columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { _ in "---|" }.joined() + "\n"
        for row in table.rows {
            let padded = row + Array(repeating: "", count: max(0, table.columns.count - row.count))
            out += "| " + padded.map(cell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// A table cell: pipes escaped, line breaks as <br>.
    static func cell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// Characters that would start HTML inside Markdown.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
