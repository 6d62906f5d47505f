/// Decoded entries streamed from the file in order. Iteration stops at the last complete line;
/// `incompleteTail` then tells whether bytes followed it.
public struct EntrySequence: Sequence, IteratorProtocol {
    private var reader: LineReader
    private var expected: Int64
    /// The first error met; iteration ends there.
    public private(set) var error: LedgerError?
    /// Set when the file ends in bytes without a newline.
    public private(set) var incompleteTail: (offset: Int, length: Int)?

    /// When false, lines are decoded without the canonical-form check (see `EntryDecoder.decode`).
    private let strict: Bool

    init(reader: LineReader, firstSeq: Int64, strict: Bool = true) {
        self.reader = reader
        expected = firstSeq
        self.strict = strict
    }

    /// Next entry, or nil at the end or at the first damaged line (see `error`).
    public mutating func next() -> StoredEntry? {
        guard error == nil else { return nil }
        do {
            guard let item = try reader.next() else { return nil }
            switch item {
            case let .line(offset, bytes):
                let stored = try EntrySequence.decode(bytes, offset: offset, expectedSeq: expected, strict: strict)
                expected += 1
                return stored
            case let .incomplete(offset, length):
                incompleteTail = (offset, length)
                return nil
            case let .oversized(offset):
                throw LedgerError.damaged(seq: expected, offset: offset, reason: "line longer than \(EntryLimits.maxEntryBytes) bytes")
            }
        } catch let failure as LedgerError {
            error = failure
        } catch {
            self.error = .damaged(seq: expected, offset: reader.position, reason: "\(error)")
        }
        return nil
    }

    /// Like iteration, but throws the first error instead of stopping quietly.
    public mutating func nextOrThrow() throws -> StoredEntry? {
        let item = next()
        if let error { throw error }
        return item
    }

    static func decode(_ line: [UInt8], offset: Int, expectedSeq: Int64?, strict: Bool = true) throws -> StoredEntry {
        let entry: Entry
        do {
            entry = try EntryDecoder.decode(line, canonical: strict)
        } catch {
            throw LedgerError.damaged(seq: expectedSeq, offset: offset + error.offset, reason: error.message)
        }
        if let expectedSeq, entry.seq != expectedSeq {
            throw LedgerError.damaged(seq: expectedSeq, offset: offset, reason: "found seq \(entry.seq) where \(expectedSeq) belongs")
        }
        return StoredEntry(entry: entry, offset: offset, length: line.count, hash: Digest.of(line))
    }
}
