import LedgerCrypto

/// What the next entry links to: the sequence number, hash and time of the last entry of a chain.
public struct ChainTip: Sendable, Equatable {
    public let seq: Int64
    public let hash: Digest
    public let time: EntryTime

    public init(seq: Int64, hash: Digest, time: EntryTime) {
        self.seq = seq
        self.hash = hash
        self.time = time
    }
}

/// Building, signing and chaining entries: a pure step on values, with no storage in it. Every
/// write path (genesis, a single entry, a batch, a generated sample) goes through `extend`, and a
/// store only has to put the lines it returns after the tip they were built on.
public enum Chain {
    /// One entry made by `extend`: the entry, its line (canonical JSON, no newline) and its hash.
    public struct Link: Sendable {
        public let entry: Entry
        public let line: [UInt8]
        public let hash: Digest

        /// The tip this link leaves the chain at.
        public var tip: ChainTip { ChainTip(seq: entry.seq, hash: hash, time: entry.time) }
    }

    /// Signs `drafts` with `key` as the entries after `tip` (nil: the first entry of a ledger), in
    /// order, all dated `time` — raised to the tip's time when it is earlier, so time never goes
    /// backwards. `check` sees each entry before the next is made; throwing refuses them all.
    public static func extend(after tip: ChainTip?, with drafts: [EntryDraft], signedBy key: PrivateKey, at time: EntryTime,
                              check: (Entry) throws -> Void = { _ in }) throws -> [Link] {
        var last = tip
        var links: [Link] = []
        links.reserveCapacity(drafts.count)
        for draft in drafts {
            guard EntryType.isValid(draft.type) else {
                throw LedgerError.invalidInput("entry type \"\(draft.type)\" must be 1-64 characters of a-z, 0-9, '.' and '-', starting with a letter, e.g. usage.snapshot")
            }
            guard case .object = draft.body else { throw LedgerError.invalidInput("an entry body must be a JSON object") }
            let seq = (last?.seq ?? -1) + 1
            let entry = try Entry.signed(seq: seq, time: max(time, last?.time ?? time), prev: last?.hash ?? .zero,
                                         type: draft.type, body: draft.body, by: key)
            let line = entry.canonicalBytes
            guard line.count <= EntryLimits.maxEntryBytes else {
                throw LedgerError.rejected(reason: "entry \(seq) would be \(line.count) bytes, over the \(EntryLimits.maxEntryBytes)-byte limit")
            }
            try check(entry)
            let link = Link(entry: entry, line: line, hash: Digest.of(line))
            links.append(link)
            last = link.tip
        }
        return links
    }
}
