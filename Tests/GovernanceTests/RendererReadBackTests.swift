import Foundation
import Governance
import Ledger
import Reports
import Testing
import TestSupport

/// Any text put through each renderer and read back by a real parser — Python's `html.parser`,
/// Python's `csv` module, markdown-it-py with GFM tables — is the same text in the same element,
/// row or cell, and the output holds no element, row or formula that the input did not.
///
/// The strings come from a seeded generator over an adversarial alphabet (prepended and combining
/// scalars, CR, LF, CRLF, NUL, ESC, C1 controls, bidi controls, emoji sequences, noncharacters,
/// HTML, CSV and Markdown syntax); each format is checked by one Python process over a batch of
/// documents. The expected text is spelled out here, independently of the renderers: scalars a
/// format may not carry become `\u{…}`, and Markdown turns every line break into one `\n` (`<br>`).
@Suite struct RendererReadBackTests {
    /// 160 documents from a fixed seed; `TIERLEDGER_RENDER_DOCUMENTS` and `TIERLEDGER_RENDER_SEED` run more, or others.
    static let documents = ProcessInfo.processInfo.environment["TIERLEDGER_RENDER_DOCUMENTS"].flatMap { Int($0) } ?? 160
    static let seed = ProcessInfo.processInfo.environment["TIERLEDGER_RENDER_SEED"].flatMap { UInt64($0) } ?? 0x7E1E_D6E5

    // MARK: - The deterministic cases of issue 14

    @Test func aPrependedScalarDoesNotHideATagFromTheHTMLEscaper() {
        let name = "\u{600}<img src=x onerror=alert(1)>"
        let cluster: Character? = name.first
        #expect(cluster == Character("\u{600}<"), "U+0600 and < are one Character")
        let html = HTMLText.escape(name)
        #expect(!html.unicodeScalars.contains("<"))
        #expect(html == "\u{600}&lt;img src=x onerror=alert(1)&gt;")
    }

    @Test func aCRLFInsideACSVFieldIsQuotedAndTheNextLineIsNoFormula() {
        let field = "acme\r\n=HYPERLINK(\"http://x\")"
        #expect(CSVField.encode(field) == "\"acme\r\n=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVField.encode("=\u{301}1+1") == "'=\u{301}1+1")
        #expect(CSVField.encode("\t=1") == "'\t=1")
        #expect(CSVField.encode("-42") == "-42")
        #expect(CSVField.encode("-4 2") == "'-4 2")
    }

    @Test func aLoneCRStaysInsideItsMarkdownCell() {
        #expect(MarkdownText.escape("a\rb|c", in: .cell) == "a<br>b\\|c")
        #expect(MarkdownText.escape("a\r\nb", in: .cell) == "a<br>b")
        #expect(MarkdownText.escape("# x", in: .paragraph) == "\\# x")
        #expect(MarkdownText.escape("snake_case_id", in: .cell) == "snake_case_id")
        #expect(MarkdownText.escape("_x_", in: .cell) == "\\_x\\_")
    }

    // MARK: - Read back by real parsers

    @Test func htmlReadsBackAsWritten() throws {
        let dir = try TemporaryDirectory("render-html")
        var generator = SeededGenerator(seed: Self.seed)
        for i in 0..<Self.documents {
            let doc = Self.document(&generator)
            try Self.write(HTMLRenderer.render(doc), dir.file("\(i).html"))
            try Self.write(HTMLRenderer.render(Self.skeleton(doc)), dir.file("\(i).skeleton.html"))
            let expected: JSONValue = .object([
                "elements": Self.json(Self.htmlElements(doc)),
                "labels": .array(doc.sections.compactMap(\.chart).filter { !$0.bars.isEmpty }.map { .string(Self.htmlText($0.title)) }),
            ])
            try Self.write(String(decoding: CanonicalJSON.encode(expected), as: UTF8.self), dir.file("\(i).json"))
        }
        let result = try ProcessRunner.run("python3", ["-c", Self.htmlReader, dir.path, String(Self.documents)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(Self.documents) documents"))
    }

    @Test func csvReadsBackAsWritten() throws {
        let dir = try TemporaryDirectory("render-csv")
        var generator = SeededGenerator(seed: Self.seed &+ 1)
        for i in 0..<Self.documents {
            let doc = Self.document(&generator)
            try Self.write(CSVRenderer.render(doc), dir.file("\(i).csv"))
            try Self.write(String(decoding: CanonicalJSON.encode(Self.json(Self.csvRows(doc))), as: UTF8.self), dir.file("\(i).json"))
        }
        let result = try ProcessRunner.run("python3", ["-c", Self.csvReader, dir.path, String(Self.documents)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(Self.documents) documents"))
    }

    @Test func markdownReadsBackAsWritten() throws {
        let dir = try TemporaryDirectory("render-md")
        var generator = SeededGenerator(seed: Self.seed &+ 2)
        for i in 0..<Self.documents {
            let doc = Self.document(&generator)
            try Self.write(MarkdownRenderer.render(doc), dir.file("\(i).md"))
            try Self.write(String(decoding: CanonicalJSON.encode(Self.json(Self.markdownBlocks(doc))), as: UTF8.self), dir.file("\(i).json"))
        }
        let result = try ProcessRunner.run("python3", ["-c", Self.markdownReader, dir.path, String(Self.documents)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(Self.documents) documents"))
    }

    // MARK: - Random documents

    /// Pieces of text that have broken renderers, or could.
    static let pieces: [String] = [
        "a", "Z", "0", "7", "42", "-5", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\r", "\u{0}", "\u{1B}", "\u{1B}[8m", "\u{1B}]52;c;Zm9v\u{7}",
        "\u{7F}", "\u{85}", "\u{9B}", "\u{B}", "\u{C}", "\u{1C}",
        "<", ">", "&", "\"", "'", "|", "=", "+", "-", "@", ",", ";", "\\", "`", "*", "_", "~", "[", "]", "(", ")", "!", "#", "$", ":", ".",
        "\u{301}", "\u{338}", "\u{20DD}", "\u{600}", "\u{601}", "\u{605}", "\u{6DD}", "\u{110BD}",
        "\u{200E}", "\u{200F}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{61C}",
        "\u{2028}", "\u{2029}", "\u{A0}", "\u{3000}", "\u{FEFF}", "\u{200B}", "\u{200D}",
        "👨‍👩‍👧", "🏳️‍🌈", "é", "e\u{301}", "ß", "中文", "עברית", "العربية",
        "&amp;", "&#60;", "&#x3C;", "&lt;", "&nbsp", "&copy;", "<br>", "<img src=x onerror=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>",
        "</td>", "<script>", "=HYPERLINK(\"http://x\")", "=1+1", "@SUM(A1)", "1. ", "2) ", "- ", "* ", "+ ", "# ", "> ", "```", "~~~", "    ",
        "---", "***", "___", "===", "[x]: /u", "[a](b)", "![i](s)", "**b**", "_e_", "a_b_c", "\\|", "$x$", ":smile:",
        "http://example.com", "www.example.com",
    ] + [0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0x10FFFF].compactMap { Unicode.Scalar($0).map { String(Character($0)) } }

    static func text(_ g: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...9, using: &g)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &g)] }.joined()
    }

    static func texts(_ g: inout SeededGenerator, _ range: ClosedRange<Int>) -> [String] {
        (0..<Int.random(in: range, using: &g)).map { _ in text(&g) }
    }

    static func table(_ g: inout SeededGenerator, rows: ClosedRange<Int>) -> ReportDocument.Table {
        let width = Int.random(in: 1...4, using: &g)
        return .init(columns: (0..<width).map { _ in text(&g) },
                     rows: (0..<Int.random(in: rows, using: &g)).map { _ in (0..<width).map { _ in text(&g) } })
    }

    static func document(_ g: inout SeededGenerator) -> ReportDocument {
        let sections: [ReportDocument.Section] = (0..<Int.random(in: 1...4, using: &g)).map { _ in
            let chart: ReportDocument.BarChart? = Bool.random(using: &g) ? nil : .init(
                title: text(&g), unit: text(&g),
                bars: (0..<Int.random(in: 1...3, using: &g)).map { _ in
                    .init(label: text(&g), value: Int64.random(in: 0...20_000_000, using: &g),
                          limit: Bool.random(using: &g) ? Int64.random(in: 1...20_000_000, using: &g) : nil,
                          caption: Bool.random(using: &g) ? text(&g) : nil)
                })
            return .init(title: text(&g), paragraphs: texts(&g, 0...3), table: Int.random(in: 0..<10, using: &g) < 7 ? table(&g, rows: 1...4) : nil,
                         chart: chart)
        }
        let intact = Bool.random(using: &g)
        let attestation = Attestation(origin: text(&g), treeSize: Int64.random(in: 0...5_000_000, using: &g), rootHash: text(&g), headSeq: 7,
                                      headHash: text(&g), intact: intact, failure: intact ? nil : text(&g), signaturesCheckedFrom: 0,
                                      checkpoint: Bool.random(using: &g) ? nil : .init(file: text(&g), size: 3, root: text(&g), status: text(&g)))
        return ReportDocument(kind: "audit", title: text(&g), preamble: texts(&g, 0...4), sections: sections,
                              primary: table(&g, rows: 0...5), attestation: attestation)
    }

    /// The same layout with every text `x`: its elements are the only ones the output may have.
    static func skeleton(_ doc: ReportDocument) -> ReportDocument {
        func table(_ t: ReportDocument.Table) -> ReportDocument.Table { .init(columns: t.columns.map { _ in "x" }, rows: t.rows.map { $0.map { _ in "x" } }) }
        let a = doc.attestation
        return ReportDocument(kind: doc.kind, title: "x", preamble: doc.preamble.map { _ in "x" }, sections: doc.sections.map { s in
            .init(title: "x", paragraphs: s.paragraphs.map { _ in "x" }, table: s.table.map(table), chart: s.chart.map { c in
                .init(title: "x", unit: "x", bars: c.bars.map { .init(label: "x", value: $0.value, limit: $0.limit, caption: $0.caption.map { _ in "x" }) })
            })
        }, primary: table(doc.primary), attestation: Attestation(
            origin: "x", treeSize: a.treeSize, rootHash: "x", headSeq: a.headSeq, headHash: "x", intact: a.intact, failure: a.failure.map { _ in "x" },
            signaturesCheckedFrom: 0, checkpoint: a.checkpoint.map { .init(file: "x", size: $0.size, root: "x", status: "x") }))
    }

    // MARK: - What each format must read back

    static func visible(_ s: Unicode.Scalar) -> String { "\\u{" + String(s.value, radix: 16, uppercase: true) + "}" }

    static func isControlOrNoncharacter(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0xFDD0...0xFDEF).contains(s.value) || s.value & 0xFFFE == 0xFFFE
    }

    /// HTML keeps tab, LF and CR; other controls and noncharacters read back spelled visibly.
    static func htmlText(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if isControlOrNoncharacter(s) && s != "\t" && s != "\n" && s != "\r" { out += visible(s) } else { out.unicodeScalars.append(s) }
        }
        return out
    }

    /// Markdown reads every line break (CRLF as one) back as one `\n`; tab stays; other controls and
    /// noncharacters read back spelled visibly.
    static func markdownText(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                out += "\n"
                i += 1
            } else if [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(s.value) {
                out += "\n"
            } else if isControlOrNoncharacter(s) && s != "\t" {
                out += visible(s)
            } else {
                out.unicodeScalars.append(s)
            }
            i += 1
        }
        return out
    }

    /// CSV keeps every scalar; a field whose first scalar starts a formula, and that is not an
    /// integer, reads back with a `'` before it.
    static func csvText(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(text) == nil else { return text }
        return "'" + text
    }

    static func figure(_ bar: ReportDocument.BarChart.Bar, _ unit: String) -> String {
        bar.caption ?? bar.limit.map { "\(Count.text(bar.value)) / \(Count.text($0)) \(unit)" } ?? "\(Count.text(bar.value)) \(unit)"
    }

    static func htmlElements(_ doc: ReportDocument) -> [[String]] {
        var out: [[String]] = [["title", doc.title], ["h1", doc.title]] + doc.preamble.map { ["li", $0] }
        for section in doc.sections {
            out.append(["h2", section.title])
            out += section.paragraphs.map { ["p", $0] }
            if let chart = section.chart, !chart.bars.isEmpty {
                out.append(["figcaption", chart.title])
                for bar in chart.bars { out += [["text", bar.label], ["text", figure(bar, chart.unit)]] }
            }
            if let table = section.table {
                if table.rows.isEmpty { out.append(["p", "none"]) }
                else { out += table.columns.map { ["th", $0] } + table.rows.flatMap { $0.map { ["td", $0] } } }
            }
        }
        out.append(["h2", "Attestation"])
        for (label, value) in doc.attestation.lines { out += [["td", label], ["td", value]] }
        return out.map { [$0[0], htmlText($0[1])] }
    }

    static func markdownBlocks(_ doc: ReportDocument) -> [[String]] {
        var out: [[String]] = [["h1", doc.title]] + doc.preamble.map { ["li", $0] }
        func table(_ t: ReportDocument.Table) -> [[String]] { t.columns.map { ["th", $0] } + t.rows.flatMap { $0.map { ["td", $0] } } }
        for section in doc.sections {
            out.append(["h2", section.title])
            out += section.paragraphs.map { ["p", $0] }
            if let t = section.table { out += table(t) }
            if let chart = section.chart, section.table == nil {
                out += table(.init(columns: ["", chart.unit], rows: chart.bars.map { [$0.label, $0.caption ?? Count.text($0.value)] }))
            }
        }
        out.append(["h2", "Attestation"])
        out += table(.init(columns: ["", ""], rows: doc.attestation.lines.map { [$0.0, $0.1] }))
        // A heading, paragraph or list item with no text has no inline content to read back.
        return out.map { [$0[0], markdownText($0[1])] }.filter { !$0[1].isEmpty || $0[0] == "th" || $0[0] == "td" }
    }

    static func csvRows(_ doc: ReportDocument) -> [[String]] {
        let width = max(doc.primary.columns.count, 2) + 1
        func line(_ fields: [String]) -> [String] { (fields + Array(repeating: "", count: max(0, width - fields.count))).map(csvText) }
        return [line(["record"] + doc.primary.columns)] + doc.primary.rows.map { line(["row"] + $0) }
            + doc.attestation.lines.map { line(["attestation", $0.0, $0.1]) }
    }

    static func json(_ rows: [[String]]) -> JSONValue { .array(rows.map { .array($0.map { .string($0) }) }) }

    static func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: - The readers

    static let htmlReader = #"""
        import html.parser, json, sys
        TEXT = {'title', 'h1', 'li', 'h2', 'p', 'th', 'td', 'figcaption', 'text'}
        VOID = {'meta', 'br', 'hr', 'img', 'input', 'link'}
        class Reader(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack, self.elements, self.tags, self.labels = [], [], [], []
            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)
                if tag == 'svg': self.labels.append(dict(attrs).get('aria-label'))
                if tag not in VOID: self.stack.append([tag, ''])
            def handle_startendtag(self, tag, attrs): self.tags.append(tag)
            def handle_endtag(self, tag):
                if not self.stack or self.stack[-1][0] != tag: raise ValueError('unbalanced </%s>' % tag)
                name, text = self.stack.pop()
                if name in TEXT: self.elements.append([name, text])
            def handle_data(self, data):
                if self.stack: self.stack[-1][1] += data
            def handle_comment(self, data): raise ValueError('a comment: %r' % data)
            def handle_pi(self, data): raise ValueError('a processing instruction: %r' % data)
            def unknown_decl(self, data): raise ValueError('a declaration: %r' % data)
        def read(path):
            r = Reader(); r.feed(open(path, encoding='utf-8', newline='').read()); r.close()
            if r.stack: raise ValueError('unclosed %r' % r.stack)
            return r
        directory, count = sys.argv[1], int(sys.argv[2])
        for i in range(count):
            got, skeleton = read('%s/%d.html' % (directory, i)), read('%s/%d.skeleton.html' % (directory, i))
            expected = json.load(open('%s/%d.json' % (directory, i), encoding='utf-8'))
            if got.tags != skeleton.tags: sys.exit('document %d: elements %r, the layout has %r' % (i, got.tags, skeleton.tags))
            if got.labels != expected['labels']: sys.exit('document %d: chart labels %r, expected %r' % (i, got.labels, expected['labels']))
            for n, (a, b) in enumerate(zip(got.elements, expected['elements'])):
                if a != b: sys.exit('document %d, element %d: read %r, expected %r' % (i, n, a, b))
            if len(got.elements) != len(expected['elements']): sys.exit('document %d: %d elements, expected %d' % (i, len(got.elements), len(expected['elements'])))
        print('%d documents read back' % count)
        """#

    static let csvReader = #"""
        import csv, json, re, sys
        directory, count = sys.argv[1], int(sys.argv[2])
        def number(field):
            return re.fullmatch(r'[+-]?[0-9]+', field) is not None and -2**63 <= int(field) < 2**63
        for i in range(count):
            rows = list(csv.reader(open('%s/%d.csv' % (directory, i), encoding='utf-8', newline=''), strict=True))
            expected = json.load(open('%s/%d.json' % (directory, i), encoding='utf-8'))
            for n, (a, b) in enumerate(zip(rows, expected)):
                if a != b: sys.exit('document %d, row %d: read %r, expected %r' % (i, n, a, b))
            if len(rows) != len(expected): sys.exit('document %d: %d rows, expected %d' % (i, len(rows), len(expected)))
            for n, row in enumerate(rows):
                for field in row:
                    if field[:1] in ('=', '+', '-', '@', '\t', '\r') and not number(field):
                        sys.exit('document %d, row %d: a formula-looking field %r' % (i, n, field))
        print('%d documents read back' % count)
        """#

    static let markdownReader = #"""
        import json, sys
        from markdown_it import MarkdownIt
        md = MarkdownIt('commonmark').enable('table').enable('strikethrough')
        BLOCK = {'heading_open', 'heading_close', 'bullet_list_open', 'bullet_list_close', 'list_item_open', 'list_item_close',
                 'paragraph_open', 'paragraph_close', 'inline', 'table_open', 'table_close', 'thead_open', 'thead_close',
                 'tbody_open', 'tbody_close', 'tr_open', 'tr_close', 'th_open', 'th_close', 'td_open', 'td_close'}
        def read(text):
            out, context = [], []
            for token in md.parse(text):
                if token.type not in BLOCK: raise ValueError('a %s block: %r' % (token.type, token.content))
                if token.type in ('heading_open', 'th_open', 'td_open'): context.append(token.tag)
                elif token.type == 'list_item_open': context.append('li')
                elif token.type == 'paragraph_open' and not context: context.append('p')
                elif token.type in ('heading_close', 'th_close', 'td_close', 'list_item_close'): context.pop()
                elif token.type == 'paragraph_close' and context == ['p']: context.pop()
                elif token.type == 'inline':
                    if len(context) != 1: raise ValueError('inline text in %r' % context)
                    text = ''
                    for child in token.children:
                        if child.type == 'text': text += child.content
                        elif child.type == 'html_inline' and child.content == '<br>': text += '\n'
                        else: raise ValueError('a %s inside %s: %r' % (child.type, context[0], child.content))
                    if text or context[0] in ('th', 'td'): out.append([context[0], text])
            return out
        directory, count = sys.argv[1], int(sys.argv[2])
        for i in range(count):
            text = open('%s/%d.md' % (directory, i), encoding='utf-8', newline='').read()
            expected = json.load(open('%s/%d.json' % (directory, i), encoding='utf-8'))
            try:
                got = read(text)
            except ValueError as e:
                sys.exit('document %d: %s\n%s' % (i, e, text))
            for n, (a, b) in enumerate(zip(got, expected)):
                if a != b: sys.exit('document %d, block %d: read %r, expected %r' % (i, n, a, b))
            if len(got) != len(expected): sys.exit('document %d: %d blocks, expected %d' % (i, len(got), len(expected)))
        print('%d documents read back' % count)
        """#
}
