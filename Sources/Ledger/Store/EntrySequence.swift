import Foundation

/// Decoded entries streamed from the file in order. Iteration stops at the last complete line;
/// `incompleteTail` then tells whether bytes followed it.
public struct EntrySequence: Sequence, IteratorProtocol {
    private var reader: any LineSource
    private var expected: Int64
    /// The first error met; iteration ends there.
    public private(set) var error: LedgerError?
    /// Set when the file ends in bytes without a newline.
    public private(set) var incompleteTail: (offset: Int, length: Int)?

    /// When false, lines are decoded without the canonical-form check (see `EntryDecoder.decode`).
    private let strict: Bool
    /// When true, each entry also carries its Merkle leaf hash.
    private let leaves: Bool
    /// Lines decoded ahead, on every core; 0 decodes each line when it is asked for.
    private let readAhead: Int
    private var decoded: [Result<StoredEntry, LedgerError>] = []
    private var position = 0
    private var pendingEnd: LineItem?
    private var ahead: DecodeBatch?
    private var nextBatchSeq: Int64
    private var exhausted = false

    /// Decodes the lines of `reader`, the first being entry `firstSeq`.
    public init(reader: any LineSource, firstSeq: Int64, strict: Bool = true, readAhead: Int = 0, leaves: Bool = false) {
        self.reader = reader
        expected = firstSeq
        nextBatchSeq = firstSeq
        self.strict = strict
        self.leaves = leaves
        self.readAhead = Swift.max(0, readAhead)
    }

    /// Next entry, or nil at the end or at the first damaged line (see `error`).
    public mutating func next() -> StoredEntry? {
        guard error == nil else { return nil }
        if readAhead > 0 { return nextDecodedAhead() }
        do {
            guard let item = try reader.next() else { return nil }
            switch item {
            case let .line(offset, bytes):
                let stored = try EntrySequence.decode(bytes, offset: offset, expectedSeq: expected, strict: strict, leaf: leaves)
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

    /// The read-ahead path: entries come from a batch decoded in parallel, and while they are used
    /// the next batch is being decoded. Errors surface at the entry where they are, as line by line.
    private mutating func nextDecodedAhead() -> StoredEntry? {
        while true {
            if position < decoded.count {
                let result = decoded[position]
                position += 1
                switch result {
                case let .success(stored):
                    expected = stored.entry.seq + 1
                    return stored
                case let .failure(failure):
                    error = failure
                    return nil
                }
            }
            if let end = pendingEnd {
                pendingEnd = nil
                exhausted = true
                switch end {
                case let .incomplete(offset, length): incompleteTail = (offset, length)
                case let .oversized(offset):
                    error = .damaged(seq: expected, offset: offset, reason: "line longer than \(EntryLimits.maxEntryBytes) bytes")
                case .line: break
                }
                return nil
            }
            guard !exhausted else { return nil }
            do {
                guard let batch = try ahead ?? readBatch() else {
                    exhausted = true
                    return nil
                }
                ahead = nil
                decoded = batch.finish()
                position = 0
                pendingEnd = batch.end
                if batch.isFull { ahead = try readBatch() }
            } catch let failure as LedgerError {
                error = failure
                return nil
            } catch {
                self.error = .damaged(seq: expected, offset: reader.position, reason: "\(error)")
                return nil
            }
        }
    }

    /// Reads up to `readAhead` lines and starts decoding them; nil when the file has nothing more.
    private mutating func readBatch() throws -> DecodeBatch? {
        var lines: [(offset: Int, bytes: [UInt8])] = []
        lines.reserveCapacity(readAhead)
        var end: LineItem?
        while lines.count < readAhead, let item = try reader.next() {
            if case let .line(offset, bytes) = item {
                lines.append((offset, bytes))
            } else {
                end = item
                break
            }
        }
        guard !lines.isEmpty || end != nil else { return nil }
        let first = nextBatchSeq
        nextBatchSeq += Int64(lines.count)
        return DecodeBatch(lines: lines, firstSeq: first, strict: strict, leaves: leaves, end: end, isFull: lines.count == readAhead,
                           lanes: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Like iteration, but throws the first error instead of stopping quietly.
    public mutating func nextOrThrow() throws -> StoredEntry? {
        let item = next()
        if let error { throw error }
        return item
    }

    /// Decodes one line found at byte `offset`; throws `LedgerError.damaged` naming the entry and the
    /// byte where it does not decode, or where its seq is not `expectedSeq`.
    public static func decode(_ line: [UInt8], offset: Int, expectedSeq: Int64?, strict: Bool = true, leaf: Bool = false) throws -> StoredEntry {
        let entry: Entry
        do {
            entry = try EntryDecoder.decode(line, canonical: strict)
        } catch {
            throw LedgerError.damaged(seq: expectedSeq, offset: offset + error.offset, reason: error.message)
        }
        if let expectedSeq, entry.seq != expectedSeq {
            throw LedgerError.damaged(seq: expectedSeq, offset: offset, reason: "found seq \(entry.seq) where \(expectedSeq) belongs")
        }
        return StoredEntry(entry: entry, offset: offset, length: line.count, hash: Digest.of(line), leaf: leaf ? MerkleHash.leaf(line) : nil)
    }
}
