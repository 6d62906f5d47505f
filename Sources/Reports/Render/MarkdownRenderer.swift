import Governance

/// GitHub-flavoured Markdown: headings, pipe tables, charts as tables of values. Every piece of
/// text goes through ``MarkdownText/escape(_:in:)`` for where it lands, so a parser reads back the
/// same text in the same heading, list item, paragraph or cell, and nothing else.
public enum MarkdownRenderer {
    public static func render(_ doc: ReportDocument) -> String {
        var out = "# \(MarkdownText.escape(doc.title, in: .heading))\n\n"
        for line in doc.preamble { out += "- \(MarkdownText.escape(line, in: .paragraph))\n" }
        out += "\n"
        for section in doc.sections {
            out += "## \(MarkdownText.escape(section.title, in: .heading))\n\n"
            for paragraph in section.paragraphs { out += MarkdownText.escape(paragraph, in: .paragraph) + "\n\n" }
            if let table = section.table { out += render(table) + "\n" }
            if let chart = section.chart, section.table == nil {
                out += render(ReportDocument.Table(columns: ["", chart.unit],
                                                   rows: chart.bars.map { [$0.label, $0.caption ?? Count.text($0.value)] })) + "\n"
            }
        }
        out += "## Attestation\n\n"
        out += render(ReportDocument.Table(columns: ["", ""], rows: doc.attestation.lines.map { [$0.0, $0.1] }))
        return out
    }

    static func render(_ table: ReportDocument.Table) -> String {
        guard !table.rows.isEmpty else { return "_none_\n" }
        func row(_ cells: [String]) -> String {
            "| " + cells.map { MarkdownText.escape($0, in: .cell) }.joined(separator: " | ") + " |\n"
        }
        var out = row(table.columns)
        out += "|" + table.columns.map { _ in "---|" }.joined() + "\n"
        for cells in table.rows {
            out += row(cells + Array(repeating: "", count: max(0, table.columns.count - cells.count)))
        }
        return out
    }
}
