/// An entry as read from (or just written to) the file, with where it lies.
public struct StoredEntry: Sendable {
    public let entry: Entry
    /// Byte offset of the entry's line in `entries.jsonl`.
    public let offset: Int
    /// Length of the line, without its newline.
    public let length: Int
    /// SHA-256 of the line: the next entry's `prev`.
    public let hash: Digest
    /// The line's RFC 9162 leaf hash, when the reader was asked for it (`entries(leaves: true)`).
    public var leaf: Digest? = nil

    public init(entry: Entry, offset: Int, length: Int, hash: Digest, leaf: Digest? = nil) {
        self.entry = entry
        self.offset = offset
        self.length = length
        self.hash = hash
        self.leaf = leaf
    }
}

/// The last entry of the chain: what the next append links to.
public struct ChainHead: Sendable, Equatable {
    public let seq: Int64
    public let hash: Digest
    public let time: EntryTime
    /// Offset just past the head's newline: the size of the intact file.
    public let endOffset: Int

    public init(seq: Int64, hash: Digest, time: EntryTime, endOffset: Int) {
        self.seq = seq
        self.hash = hash
        self.time = time
        self.endOffset = endOffset
    }

    /// What the next entry links to.
    public var tip: ChainTip { ChainTip(seq: seq, hash: hash, time: time) }
}

/// What a caller asks to append: a type and a body. The writer fills in the rest.
public struct EntryDraft: Sendable {
    public let type: String
    public let body: JSONValue

    public init(type: String, body: JSONValue) {
        self.type = type
        self.body = body
    }
}
