import Ledger
import PostgresNIO

/// The writer of a `PostgresLedger`, alive inside `withWriter` while its connection holds the
/// ledger's advisory lock.
///
/// A batch is one INSERT statement, so one transaction: every row or none. It inserts only if the
/// table's last seq is still this writer's head, and the primary key (ledger, seq) refuses a second
/// entry for any seq, so even a writer that bypassed the lock cannot fork the chain; the batch is
/// acknowledged once the statement has committed.
final class PostgresLedgerWriter: LedgerStoreWriter {
    private let store: PostgresLedger
    private let connection: PostgresConnection
    private(set) var head: ChainHead?
    /// Never: PostgreSQL commits a batch whole or not at all.
    let recoveredTail: TornTail? = nil
    /// The right edge of the node table, extended with every batch; nil when the table lacks it
    /// (proofs then compute what is missing from the entries).
    private var frontier: NodeFrontier?

    init(store: PostgresLedger, connection: PostgresConnection, head: ChainHead?, frontier: NodeFrontier?) {
        self.store = store
        self.connection = connection
        self.head = head
        self.frontier = frontier
    }

    func append(_ links: [Chain.Link]) throws -> [StoredEntry] {
        guard let first = links.first else { return [] }
        guard first.entry.seq == (head?.seq ?? -1) + 1, first.entry.prev == (head?.hash ?? .zero) else {
            throw LedgerError.invalidInput("entry \(first.entry.seq) was chained after another head than this ledger's "
                + "(entry \(head.map { String($0.seq) } ?? "none")): build it again on the current head")
        }
        var offset = head?.endOffset ?? 0
        var next = head
        var stored: [StoredEntry] = []
        var seqs: [Int64] = []
        var offsets: [Int64] = []
        var lines: [ByteBuffer] = []
        var extended = frontier
        var levels: [Int32] = [], indexes: [Int64] = [], hashes: [ByteBuffer] = []
        stored.reserveCapacity(links.count)
        for link in links {
            for made in extended?.append(MerkleHash.leaf(link.line)) ?? [] {
                levels.append(Int32(made.node.level))
                indexes.append(Int64(made.node.index))
                hashes.append(ByteBuffer(bytes: made.hash.bytes))
            }
            stored.append(StoredEntry(entry: link.entry, offset: offset, length: link.line.count, hash: link.hash))
            seqs.append(link.entry.seq)
            offsets.append(Int64(offset))
            lines.append(ByteBuffer(bytes: link.line))
            offset += link.line.count + 1
            next = ChainHead(seq: link.entry.seq, hash: link.hash, time: link.entry.time, endOffset: offset)
        }
        let expected = head?.seq ?? -1
        let id = store.id
        let result: PostgresQueryResult
        do {
            result = try store.connections.run("""
                WITH added AS (
                    INSERT INTO tierledger.entries (ledger, seq, byte_offset, line)
                    SELECT \(id), s, o, l FROM unnest(\(seqs)::bigint[], \(offsets)::bigint[], \(lines)::bytea[]) AS t(s, o, l)
                    WHERE (SELECT coalesce(max(seq), -1) FROM tierledger.entries WHERE ledger = \(id)) = \(expected)
                    RETURNING seq),
                nodes AS (
                    INSERT INTO tierledger.merkle_nodes (ledger, level, idx, hash)
                    SELECT \(id), v, i, h FROM unnest(\(levels)::integer[], \(indexes)::bigint[], \(hashes)::bytea[]) AS n(v, i, h)
                    WHERE EXISTS (SELECT 1 FROM added)
                    ON CONFLICT DO NOTHING)
                SELECT count(*) FROM added
                """, on: connection, "appending entries \(first.entry.seq)-\(first.entry.seq + Int64(links.count) - 1)",
                states: ["23505": PostgresStoreError.lostRace(location: store.location, seq: first.entry.seq)])
        } catch let error as PostgresStoreError {
            if case .lostRace = error { head = (try? store.readHead(on: connection)) ?? head }
            throw error
        }
        let inserted = try result.first.map { try PostgresLedger.value($0, as: Int64.self, store.place) } ?? 0
        guard inserted == Int64(links.count) else {
            let now = (try? store.readHead(on: connection)) ?? nil
            throw LedgerError.damaged(seq: now?.seq, offset: now?.endOffset ?? 0, reason: "the table's last entry is "
                + "\(now?.seq.description ?? "none"), not the writer's head (entry \(expected)): entries were added or "
                + "removed without the writer lock")
        }
        head = next
        frontier = extended
        return stored
    }
}
