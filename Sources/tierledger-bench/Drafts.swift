import Ledger

/// The entries the benchmarks append: realistic usage snapshots of about 300 bytes.
enum Drafts {
    /// `count` usage snapshots numbered from `first`; the same numbers give the same bodies.
    static func usage(from first: Int, count: Int) -> [EntryDraft] {
        (0..<count).map { i in
            let n = first + i
            return EntryDraft(type: "usage.snapshot", body: ["license": .string("LIC-\(n % 5000)"), "metric": "api-calls",
                                                            "period": "2026-11", "value": .integer(Int64(n * 37 % 1_000_000)),
                                                            "note": .string(String(repeating: "x", count: 150))])
        }
    }
}
