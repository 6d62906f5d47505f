/// The files of a ledger directory (docs/format.md, "Ledger directory").
public struct LedgerPaths: Sendable {
    /// The ledger directory.
    public let root: String

    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// Origin, format version and log public key.
    public var config: String { root + "/ledger.json" }
    /// The entries, one canonical JSON line each. The only file that is the ledger.
    public var entries: String { root + "/entries.jsonl" }
    /// Offsets of each entry's line: a cache, rebuilt when missing or stale, never trusted.
    public var offsetIndex: String { root + "/entries.idx" }
    /// Held with flock(2) by the one writer.
    public var lock: String { root + "/writer.lock" }
    /// Torn tails moved aside after a crash.
    public var quarantine: String { root + "/quarantine" }
    /// Merkle node cache: one file per tree level, rebuilt when missing or wrong, never trusted.
    public var merkle: String { root + "/merkle" }
    /// Signed checkpoints.
    public var checkpoints: String { root + "/checkpoints" }
    /// State snapshots bound to checkpoints: a cache a reader checks against a signed checkpoint.
    public var snapshots: String { root + "/snapshots" }
}
