import Ledger

/// One page of `GET /entries`: the exact stored line of each entry from `from` on, optionally of
/// one type, and where the next page starts.
struct EntryPage: Sendable {
    /// Most lines read for one page when filtering by type, so that a rare type cannot make one
    /// request scan the whole ledger; the page then ends early with `next`.
    static let maxScanned = 10_000

    var entries: [(seq: Int64, type: String, hash: Digest, line: [UInt8])] = []
    /// The `from` of the next page, or nil when this page reached the end of the ledger.
    var next: Int64?

    static func read(_ store: any LedgerStore, from: Int64, limit: Int, type: String?) throws -> EntryPage {
        var page = EntryPage()
        var source = try store.lines(from: from)
        var seq = from
        var scanned = 0
        while page.entries.count < limit, scanned < maxScanned, let item = try source.next() {
            guard case let .line(_, bytes) = item else { break }
            let entry = try EntryDecoder.decode(bytes, canonical: false)
            if type == nil || entry.type == type {
                page.entries.append((entry.seq, entry.type, Digest.of(bytes), bytes))
            }
            seq += 1
            scanned += 1
        }
        if page.entries.count == limit || scanned == maxScanned {
            page.next = seq < (try store.count()) ? seq : nil
        }
        return page
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "entries": .array(entries.map { item in
                .object(["seq": .integer(item.seq), "type": .string(item.type), "hash": .string(item.hash.hex),
                         "line": .string(String(decoding: item.line, as: UTF8.self))])
            }),
        ]
        if let next { members["next_from"] = .integer(next) }
        return .object(members)
    }
}
