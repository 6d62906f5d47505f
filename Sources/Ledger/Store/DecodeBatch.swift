import Foundation

/// A batch of lines decoded on every core while the entries before them are being used: how a
/// replay of the whole ledger keeps both cores busy although it must admit entries one by one.
final class DecodeBatch: @unchecked Sendable {
    /// Lines decoded at a time by one thread.
    static let chunk = 32

    /// What ended the batch before it was full: a torn tail or an oversized line.
    let end: LineItem?
    /// Whether the batch holds as many lines as it could (more may follow).
    let isFull: Bool
    let count: Int
    private let results: Slots
    private let work: ChunkedWork

    /// Starts decoding `lines` (the first expected to hold `firstSeq`) on `lanes - 1` helpers.
    init(lines: [(offset: Int, bytes: [UInt8])], firstSeq: Int64, strict: Bool, leaves: Bool = false, end: LineItem?, isFull: Bool, lanes: Int) {
        self.end = end
        self.isFull = isFull
        count = lines.count
        let results = Slots(count: lines.count)
        self.results = results
        work = ChunkedWork(count: lines.count, chunk: Self.chunk, lanes: lanes) { range in
            for i in range {
                let seq = firstSeq + Int64(i)
                do {
                    results.set(i, .success(try EntrySequence.decode(lines[i].bytes, offset: lines[i].offset, expectedSeq: seq, strict: strict,
                                                                        leaf: leaves)))
                } catch let failure as LedgerError {
                    results.set(i, .failure(failure))
                    return i
                } catch {
                    results.set(i, .failure(.damaged(seq: seq, offset: lines[i].offset, reason: "\(error)")))
                    return i
                }
            }
            return nil
        }
    }

    /// Joins the decoding, waits for it, and returns the entries in order, up to the first that
    /// failed (included).
    func finish() -> [Result<StoredEntry, LedgerError>] {
        work.finish()
        var out: [Result<StoredEntry, LedgerError>] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            guard let result = results.get(i) else { break }
            out.append(result)
            if case .failure = result { break }
        }
        return out
    }

    deinit {
        // A replay that stopped early abandons the batch: nothing more is decoded, and a helper
        // still inside a chunk keeps the slots it writes alive through the work's closure.
        work.cancel()
    }

    /// One result per line, each written by exactly one thread before `finish()` reads them.
    private final class Slots: @unchecked Sendable {
        private let pointer: UnsafeMutablePointer<Result<StoredEntry, LedgerError>?>
        private let count: Int

        init(count: Int) {
            self.count = count
            pointer = .allocate(capacity: max(1, count))
            pointer.initialize(repeating: nil, count: max(1, count))
        }

        func set(_ i: Int, _ value: Result<StoredEntry, LedgerError>) { pointer[i] = value }
        func get(_ i: Int) -> Result<StoredEntry, LedgerError>? { pointer[i] }

        deinit {
            pointer.deinitialize(count: max(1, count))
            pointer.deallocate()
        }
    }
}
