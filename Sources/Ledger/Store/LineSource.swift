/// One step through a ledger's lines: a complete line, or what ends them.
public enum LineItem: Sendable {
    /// A complete line (without its newline) starting at byte `offset` of the JSON Lines form.
    case line(offset: Int, bytes: [UInt8])
    /// Bytes after the last complete line that form no line (yet).
    case incomplete(offset: Int, length: Int)
    /// A line longer than the entry limit; nothing after it is read.
    case oversized(offset: Int)
}

/// A ledger's lines in order, as a store hands them out (`LedgerStore.lines`).
public protocol LineSource {
    /// The next line, or nil after the last complete line (or what ended them).
    mutating func next() throws -> LineItem?
    /// The offset of the next line to be read.
    var position: Int { get }
    /// The offset just after the last byte this source will read: for progress.
    var endPosition: Int { get }
}
