import CFuzzer
import Glibc
import Reports

/// The report renderers on any text. The input is split at 0xFF bytes (never part of UTF-8) into
/// texts; each goes through the HTML, CSV and Markdown escapers, whose output must read back as
/// the text (by the checkers in this target, written apart from the renderers) and hold nothing
/// that could be markup, another field or a formula; then whole documents made of the texts must
/// have exactly the elements, records and table cells of the same layout made of `x`s.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRender(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let texts = UnsafeBufferPointer(start: data, count: size).split(separator: 0xFF, omittingEmptySubsequences: false)
        .prefix(32).map { String(decoding: $0, as: UTF8.self) }
    for text in texts { checkText(text) }
    checkDocument(texts)
    return 0
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { preconditionFailure(message()) }
}

func checkText(_ text: String) {
    switch HTMLCheck.text(HTMLText.escape(text)) {
    case let .failure(violation): require(false, "HTML of \(text.debugDescription): \(violation)")
    case let .success(read): require(read == Expected.html(text), "HTML of \(text.debugDescription) reads back as \(read.debugDescription)")
    }
    do {
        let records = try StrictCSVReader.records(CSVField.encode(text) + "\r\n")
        require(records == [[Expected.csv(text)]], "CSV of \(text.debugDescription) reads back as \(records)")
    } catch {
        require(false, "CSV of \(text.debugDescription): \(error)")
    }
    for (context, paragraph, heading) in [(MarkdownText.Context.cell, false, false), (.paragraph, true, false), (.heading, false, true)] {
        switch MarkdownCheck.text(MarkdownText.escape(text, in: context), paragraph: paragraph, heading: heading) {
        case let .failure(violation): require(false, "Markdown (\(context)) of \(text.debugDescription): \(violation)")
        case let .success(read): require(read == Expected.markdown(text), "Markdown (\(context)) of \(text.debugDescription) reads back as \(read.debugDescription)")
        }
    }
}

/// The layout every document has, with `x` for each text: rendered once.
let layout = document { _ in "x" }
let layoutTags = tags(HTMLRenderer.render(layout))
let layoutLines = MarkdownRenderer.render(layout).split(separator: "\n", omittingEmptySubsequences: false).map { separators(String($0)) }

func checkDocument(_ texts: [String]) {
    let pick = { (i: Int) -> String in texts.isEmpty ? "" : texts[i % texts.count] }
    let doc = document(pick)

    // HTML: every `<` is the renderer's own, so the tags are those of the layout.
    require(tags(HTMLRenderer.render(doc)) == layoutTags, "HTML elements differ from the layout's")

    // CSV: the records are the expected fields, no more.
    do {
        let records = try StrictCSVReader.records(CSVRenderer.render(doc))
        let width = max(doc.primary.columns.count, 2) + 1
        func line(_ fields: [String]) -> [String] { (fields + Array(repeating: "", count: max(0, width - fields.count))).map(Expected.csv) }
        let expected = [line(["record"] + doc.primary.columns)] + doc.primary.rows.map { line(["row"] + $0) }
            + doc.attestation.lines.map { line(["attestation", $0.0, $0.1]) }
        require(records == expected, "CSV records differ: \(records) against \(expected)")
    } catch {
        require(false, "CSV document: \(error)")
    }

    // Markdown: the same lines, and in each line the same number of cell separators.
    let lines = MarkdownRenderer.render(doc).split(separator: "\n", omittingEmptySubsequences: false)
    require(lines.count == layoutLines.count, "Markdown has \(lines.count) lines, the layout \(layoutLines.count)")
    for (line, cells) in zip(lines, layoutLines) {
        require(separators(String(line)) == cells, "Markdown line \(String(line).debugDescription) has other cells than the layout's \(cells)")
    }
}

func document(_ pick: (Int) -> String) -> ReportDocument {
    let table = ReportDocument.Table(columns: [pick(5), pick(6)], rows: [[pick(7), pick(8)], [pick(9), pick(10)]])
    let chart = ReportDocument.BarChart(title: pick(11), unit: pick(12), bars: [.init(label: pick(13), value: 12_345, limit: 20_000, caption: pick(14)),
                                                                              .init(label: pick(15), value: 7)])
    let attestation = Attestation(origin: pick(16), treeSize: 9, rootHash: pick(17), headSeq: 8, headHash: pick(18), intact: false, failure: pick(19),
                                  signaturesCheckedFrom: 0, checkpoint: .init(file: pick(20), size: 9, root: pick(21), status: pick(22)))
    return ReportDocument(kind: "audit", title: pick(0), preamble: [pick(1), pick(2)],
                          sections: [.init(title: pick(3), paragraphs: [pick(4)], table: table, chart: chart),
                                     .init(title: pick(23), paragraphs: [pick(24), pick(25)], chart: chart)],
                          primary: table, attestation: attestation)
}

/// The element names in HTML, in order (every `<` starts one: text holds `&lt;` instead).
func tags(_ html: String) -> [String] {
    var out: [String] = []
    let bytes = Array(html.utf8)
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "<") {
            var j = i + 1
            while j < bytes.count && bytes[j] != UInt8(ascii: " ") && bytes[j] != UInt8(ascii: ">") && bytes[j] != 0x0A { j += 1 }
            out.append(String(decoding: bytes[(i + 1)..<j], as: UTF8.self))
            i = j
        } else {
            i += 1
        }
    }
    return out
}

/// `|`s a GFM table reads as cell separators (those not right after a backslash).
func separators(_ line: String) -> Int {
    var count = 0
    var previous: Unicode.Scalar = " "
    for s in line.unicodeScalars {
        if s == "|" && previous != "\\" { count += 1 }
        previous = s
    }
    return count
}

// libFuzzer's driver runs the input loop, with the command line it was given (see `make fuzz`).
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, { data, size in fuzzRender(data, size) }))
