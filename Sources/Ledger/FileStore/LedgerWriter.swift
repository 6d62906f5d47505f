#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCrypto

/// The ledger's single writer, alive only inside `FileLedger.withWriter`.
///
/// An append is all or nothing and durable before it returns: the lines of a batch go out in one
/// write, then fsync; on any failure the file is cut back to where it was and nothing is
/// acknowledged.
public final class LedgerWriter: LedgerStoreWriter {
    private let ledger: FileLedger
    private let lock: WriterLock
    private let file: FileDescriptor
    /// The last entry of the chain, or nil before the genesis entry.
    public private(set) var head: ChainHead?
    /// A torn tail found and quarantined when the writer opened.
    public let recoveredTail: TornTail?

    init(ledger: FileLedger, lock: WriterLock) throws {
        self.ledger = ledger
        self.lock = lock
        file = try FileDescriptor.open(ledger.paths.entries, O_RDWR | O_APPEND)
        file.io = ledger.io
        recoveredTail = try TornTailRecovery.recover(entries: file, paths: ledger.paths)
        head = try FileLedger.readHead(file)
    }


    /// Writes `links` after the head as one durable batch: one `write`, then `fsync`; on any
    /// failure the file is cut back and nothing is acknowledged.
    public func append(_ links: [Chain.Link]) throws -> [StoredEntry] {
        guard let first = links.first else { return [] }
        guard first.entry.seq == (head?.seq ?? -1) + 1, first.entry.prev == (head?.hash ?? .zero) else {
            throw LedgerError.headMoved("entry \(first.entry.seq) was chained after another head than this ledger's "
                + "(entry \(head.map { String($0.seq) } ?? "none")): build it again on the current head")
        }
        var offset = try file.size()
        if let start = head?.endOffset, start != offset {
            throw LedgerError.damaged(seq: head?.seq, offset: start, reason: "the file changed under the writer lock")
        }
        var next = head
        var stored: [StoredEntry] = []
        var bytes: [UInt8] = []
        var leaves: [Digest] = []
        for link in links {
            stored.append(StoredEntry(entry: link.entry, offset: offset, length: link.line.count, hash: link.hash))
            leaves.append(MerkleHash.leaf(link.line))
            bytes.append(contentsOf: link.line)
            bytes.append(0x0A)
            offset += link.line.count + 1
            next = ChainHead(seq: link.entry.seq, hash: link.hash, time: link.entry.time, endOffset: offset)
        }
        try writeDurably(bytes)
        let firstIndex = Int((head?.seq ?? -1) + 1)
        head = next
        ledger.refreshIndex(file)
        ledger.extendTreeCache(knownLeaves: leaves, firstIndex: firstIndex)
        return stored
    }

    private func writeDurably(_ bytes: [UInt8]) throws {
        let before = head?.endOffset ?? 0
        do {
            try file.writeAll(bytes)
            try file.sync()
        } catch {
            // Nothing was acknowledged: cut back to the last acknowledged entry. If even that fails,
            // the next writer quarantines the partial line as a torn tail.
            _ = try? file.truncate(to: before)
            _ = try? file.sync()
            throw error
        }
    }
}
