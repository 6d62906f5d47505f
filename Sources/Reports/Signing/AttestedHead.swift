import Ledger

/// The ledger state a report attests to, read back from the report's own text: the tree size and
/// the RFC 9162 root its attestation block states (and, in the JSON form, the origin). The root at
/// a size binds the origin too, as entry 0 names it, so size and root are what a check needs.
///
/// Every form carries the block last (docs/report-schema.md), so the reader takes the last
/// statement of each figure: text from the ledger that happens to look like one, earlier in a
/// table, is never what is read.
public struct AttestedHead: Sendable, Equatable {
    public let treeSize: Int64
    /// Base64, as the attestation prints it.
    public let rootHash: String
    /// Stated only by the JSON form.
    public let origin: String?

    public init(treeSize: Int64, rootHash: String, origin: String?) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.origin = origin
    }

    static let sizeLabel = "tree size"
    static let rootLabel = "root hash (RFC 9162, base64)"

    /// Reads the attestation of a report in any of its forms (JSON, Markdown, CSV, HTML), telling
    /// them apart by their first bytes.
    public static func read(_ bytes: [UInt8]) throws(ReportError) -> AttestedHead {
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        let head: AttestedHead?
        if trimmed.hasPrefix("{") {
            head = json(bytes)
        } else if trimmed.hasPrefix("record,") {
            head = pairs(text, csvLine)
        } else if trimmed.lowercased().hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") {
            head = pairs(text, htmlLine)
        } else {
            head = pairs(text, markdownLine)
        }
        guard let head else {
            throw ReportError("no attestation block with a tree size and a root hash was found in the report; "
                + "the file is not a report as `tierledger report … --out` writes it, or its attestation was damaged",
                code: .reportAttestationUnreadable)
        }
        return head
    }

    private static func json(_ bytes: [UInt8]) -> AttestedHead? {
        guard let value = try? JSONParser.parse(bytes), let block = value["attestation"],
              let size = block["tree_size"]?.integerValue, let root = block["root_hash"]?.stringValue, isBase64(root) else { return nil }
        return AttestedHead(treeSize: size, rootHash: root, origin: block["origin"]?.stringValue)
    }

    /// The last tree size and root stated by lines `parse` reads as label and value.
    private static func pairs(_ text: String, _ parse: (Substring) -> (String, String)?) -> AttestedHead? {
        var size: Int64?, root: String?
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard let (label, value) = parse(line) else { continue }
            if label == sizeLabel, value.hasSuffix(" entries"), let n = Int64(value.dropLast(" entries".count)), n >= 0 { size = n }
            if label == rootLabel, isBase64(value) { root = value }
        }
        guard let size, let root else { return nil }
        return AttestedHead(treeSize: size, rootHash: root, origin: nil)
    }

    /// `| label | value |`
    private static func markdownLine(_ line: Substring) -> (String, String)? {
        guard line.hasPrefix("| "), line.hasSuffix(" |") else { return nil }
        let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        guard cells.count == 2 else { return nil }
        return (cells[0], cells[1])
    }

    /// `<tr><td>label</td><td>value</td></tr>`; labels and base64 need no character references.
    private static func htmlLine(_ line: Substring) -> (String, String)? {
        guard line.hasPrefix("<tr><td>"), line.hasSuffix("</td></tr>") else { return nil }
        let cells = line.dropFirst("<tr><td>".count).dropLast("</td></tr>".count).components(separatedBy: "</td><td>")
        guard cells.count == 2 else { return nil }
        return (cells[0], cells[1])
    }

    /// `attestation,label,value,…` with RFC 4180 quoting, and the `'` formula guard taken off.
    private static func csvLine(_ line: Substring) -> (String, String)? {
        let line = line.hasSuffix("\r") ? line.dropLast() : line
        guard line.hasPrefix("attestation,") else { return nil }
        var fields: [String] = [], field = "", quoted = false, i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if quoted {
                if c == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex, line[next] == "\"" { field.append("\""); i = next } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i = line.index(after: i)
        }
        fields.append(field)
        guard fields.count >= 3 else { return nil }
        func unguarded(_ s: String) -> String {
            s.hasPrefix("'") && CSVField.isGuarded(String(s.dropFirst())) ? String(s.dropFirst()) : s
        }
        return (fields[1], unguarded(fields[2]))
    }

    private static func isBase64(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "+") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")
        }
    }
}
