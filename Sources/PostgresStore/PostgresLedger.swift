import Foundation
import Ledger
import LedgerCrypto
import PostgresNIO

/// A ledger kept in PostgreSQL (docs/format.md §12): each entry is one row holding its exact
/// canonical line, its seq (the primary key with the ledger's id) and its byte offset in the JSON
/// Lines form, so that `verify` names the same "entry N at byte B" as it does for the file store.
///
/// Writers on any number of machines serialise through the database: `withWriter` holds a
/// session-level advisory lock for the ledger (released by the server if the writer's process
/// dies), and each batch is one INSERT statement, hence one transaction, acknowledged only after
/// it commits; the primary key makes a fork impossible even for a writer that bypasses the lock.
///
/// Calls block the calling thread on postgres-nio's futures: never call a store from a SwiftNIO
/// event loop (docs/architecture.md, "the storage seam").
public final class PostgresLedger: LedgerStore, Sendable {
    /// Where the ledger is; `location` is its description, which has no password.
    public let place: PostgresLocation
    public let config: LedgerConfig
    /// The ledger's row id in `tierledger.ledgers`: the second key of its writer lock.
    public let id: Int32
    let connections: Connections

    init(place: PostgresLocation, config: LedgerConfig, id: Int32, connections: Connections) {
        self.place = place
        self.config = config
        self.id = id
        self.connections = connections
    }

    /// Opens the ledger a `postgres://` URL names.
    public static func open(url: String) throws -> PostgresLedger {
        try open(PostgresLocation(url: url))
    }

    /// Opens an existing ledger (reads its config row only).
    public static func open(_ place: PostgresLocation) throws -> PostgresLedger {
        let connections = Connections(location: place)
        let rows = try connections.run("SELECT id, config FROM tierledger.ledgers WHERE name = \(place.ledger)",
                                       "reading the ledger's config",
                                       states: ["42P01": PostgresStoreError.noSuchLedger(location: place.description),
                                                "3F000": PostgresStoreError.noSuchLedger(location: place.description)])
        guard let row = rows.first else { throw PostgresStoreError.noSuchLedger(location: place.description) }
        let (id, bytes) = try decode(row, as: (Int32, ByteBuffer).self, place)
        let config = try LedgerConfig.parse(Array(bytes.readableBytesView), path: place.description + " (config)")
        return PostgresLedger(place: place, config: config, id: id, connections: connections)
    }

    /// The URL without the password.
    public var location: String { place.description }

    // MARK: Reading

    public func lines(after head: ChainHead?) throws -> any LineSource {
        try PostgresLines(store: self, firstSeq: (head?.seq ?? -1) + 1, startOffset: head?.endOffset)
    }

    public func lines(from seq: Int64) throws -> any LineSource {
        try PostgresLines(store: self, firstSeq: max(seq, 0), startOffset: seq <= 0 ? 0 : nil)
    }

    public func line(at seq: Int64) throws -> [UInt8] {
        let rows = try connections.run("SELECT line FROM tierledger.entries WHERE ledger = \(id) AND seq = \(seq)", "reading entry \(seq)")
        guard let row = rows.first else { throw LedgerError.noSuchEntry(seq: seq, count: try count()) }
        return Array(try Self.value(row, as: ByteBuffer.self, place).readableBytesView)
    }

    public func count() throws -> Int64 {
        let rows = try connections.run("SELECT seq FROM tierledger.entries WHERE ledger = \(id) ORDER BY seq DESC LIMIT 1", "counting entries")
        guard let row = rows.first else { return 0 }
        return try Self.value(row, as: Int64.self, place) + 1
    }

    public func head() throws -> ChainHead? {
        try connections.withConnection { try readHead(on: $0) }
    }

    /// The last row, decoded: what the next entry links to.
    func readHead(on connection: PostgresConnection) throws -> ChainHead? {
        let rows = try connections.run(
            "SELECT seq, byte_offset, line FROM tierledger.entries WHERE ledger = \(id) ORDER BY seq DESC LIMIT 1",
            on: connection, "reading the head")
        guard let row = rows.first else { return nil }
        let (seq, offset, buffer) = try Self.decode(row, as: (Int64, Int64, ByteBuffer).self, place)
        let line = Array(buffer.readableBytesView)
        let stored = try EntrySequence.decode(line, offset: Int(offset), expectedSeq: seq)
        return ChainHead(seq: seq, hash: stored.hash, time: stored.entry.time, endOffset: Int(offset) + line.count + 1)
    }

    /// Never: a batch commits whole or not at all, so no row is ever half written.
    public func pendingTail() throws -> (offset: Int, length: Int)? { nil }

    /// True when an entry now starts at `offset` or beyond it (there are no partial rows to wait for).
    public func lineCompleted(at offset: Int) throws -> Bool {
        let rows = try connections.run(
            "SELECT EXISTS (SELECT 1 FROM tierledger.entries WHERE ledger = \(id) AND byte_offset >= \(Int64(offset)))",
            "looking for an entry at byte \(offset)")
        guard let row = rows.first else { return false }
        return try Self.value(row, as: Bool.self, place)
    }

    /// True while some session, on any machine, holds the ledger's writer lock.
    public var hasActiveWriter: Bool {
        (try? lockHolder()) != nil
    }

    /// Who holds the writer lock: the holder's `application_name` and server process, or nil.
    func lockHolder() throws -> String? {
        let rows = try connections.run("""
            SELECT l.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'the local socket')
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid::bigint = \(PostgresSchema.lockKey)
              AND l.objid::bigint = \(Int64(id)) AND l.objsubid = 2 AND l.granted LIMIT 1
            """, "looking for the writer lock's holder")
        guard let row = rows.first else { return nil }
        let (pid, application, address) = try Self.decode(row, as: (Int32, String, String).self, place)
        return (application.isEmpty ? "a session" : application) + " (server pid \(pid), from \(address))"
    }

    // MARK: Writing

    /// Runs `body` as the ledger's only writer, on any machine: holds the ledger's advisory lock on a
    /// connection of its own for as long as `body` runs (a closed connection releases it too).
    public func withWriter<R>(_ wait: LockWait, _ body: (any LedgerStoreWriter) throws -> R) throws -> R {
        let connection = try connections.take()
        do {
            let result = try write(on: connection, wait, body)
            // Hands the connection back only once the lock is released; a failed unlock closes it,
            // which releases the lock as well.
            let released = try? connections.run("SELECT pg_advisory_unlock(\(Int32(PostgresSchema.lockKey)), \(id))", on: connection,
                                                "releasing the writer lock")
            if (try? released?.first.map({ try Self.value($0, as: Bool.self, place) })) == true {
                connections.give(connection)
            } else {
                connection.closeQuietly()
            }
            return result
        } catch {
            connection.closeQuietly()
            throw error
        }
    }

    private func write<R>(on connection: PostgresConnection, _ wait: LockWait, _ body: (any LedgerStoreWriter) throws -> R) throws -> R {
        let taken = try connections.run("SELECT pg_try_advisory_lock(\(Int32(PostgresSchema.lockKey)), \(id))", on: connection,
                                        "taking the writer lock")
        let got = try taken.first.map { try Self.value($0, as: Bool.self, place) } ?? false
        if !got {
            let holder = (try? lockHolder()) ?? nil
            switch wait {
            case .noWait:
                throw LedgerError.locked(path: location, holder: holder ?? "another writer")
            case let .wait(onWait):
                onWait(holder ?? "another writer")
                _ = try connections.run("SELECT pg_advisory_lock(\(Int32(PostgresSchema.lockKey)), \(id))", on: connection,
                                        "waiting for the writer lock")
            }
        }
        let head = try readHead(on: connection)
        let frontier = try loadFrontier(size: Int((head?.seq ?? -1) + 1), on: connection)
        let writer = PostgresLedgerWriter(store: self, connection: connection, head: head, frontier: frontier)
        return try body(writer)
    }

    // MARK: Checkpoints

    public func saveCheckpoint(_ note: [UInt8], size: Int) throws -> String {
        _ = try connections.run("""
            INSERT INTO tierledger.checkpoints (ledger, size, note) VALUES (\(id), \(Int64(size)), \(ByteBuffer(bytes: note)))
            ON CONFLICT (ledger, size) DO UPDATE SET note = EXCLUDED.note
            """, "saving the checkpoint of \(size) entries")
        return "\(location) checkpoints/\(size).checkpoint"
    }

    public func savedCheckpoints() throws -> [SavedCheckpoint] {
        let rows = try connections.run("SELECT size, note FROM tierledger.checkpoints WHERE ledger = \(id) ORDER BY size DESC",
                                       "reading the saved checkpoints")
        return try rows.map { row in
            let (size, note) = try Self.decode(row, as: (Int64, ByteBuffer).self, place)
            return SavedCheckpoint(size: Int(size), name: "checkpoints/\(size).checkpoint", note: Array(note.readableBytesView))
        }
    }

    // MARK: Merkle nodes

    /// The leaves of the first `leafCount` entries, read in one pass when first needed; interior
    /// nodes computed from them. There is no node cache to audit or rebuild.
    public func treeNodes(leafCount: Int, entryReads: ReadCounter?) throws -> any CountingNodeSource {
        PostgresTreeNodes(store: self, leafCount: leafCount, entryReads: entryReads)
    }

    /// Nothing to do: the writer inserts the nodes a batch completes in the batch's own statement.
    public func extendTreeCache(knownLeaves leaves: [Digest], firstIndex: Int) {}

    /// Deletes the ledger's nodes and inserts them again from the entries, as the writer.
    public func rebuildTreeCache() throws {
        try withWriter(.noWait) { _ in
            try connections.withConnection { connection in
                _ = try connections.run("DELETE FROM tierledger.merkle_nodes WHERE ledger = \(id)", on: connection, "clearing the Merkle nodes")
                var frontier = NodeFrontier(size: 0, peaks: [])
                var levels: [Int32] = [], indexes: [Int64] = [], hashes: [ByteBuffer] = []
                func flush() throws {
                    _ = try connections.run("""
                        INSERT INTO tierledger.merkle_nodes (ledger, level, idx, hash)
                        SELECT \(id), v, i, h FROM unnest(\(levels)::integer[], \(indexes)::bigint[], \(hashes)::bytea[]) AS n(v, i, h)
                        ON CONFLICT DO NOTHING
                        """, on: connection, "rebuilding the Merkle nodes")
                    levels.removeAll(keepingCapacity: true)
                    indexes.removeAll(keepingCapacity: true)
                    hashes.removeAll(keepingCapacity: true)
                }
                var source = try lines(from: 0)
                while case let .line(_, bytes)? = try source.next() {
                    for made in frontier.append(MerkleHash.leaf(bytes)) {
                        levels.append(Int32(made.node.level))
                        indexes.append(Int64(made.node.index))
                        hashes.append(ByteBuffer(bytes: made.hash.bytes))
                    }
                    if levels.count >= 20_000 { try flush() }
                }
                if !levels.isEmpty { try flush() }
            }
        }
    }

    /// The peaks of the tree of `size` leaves from the node table, or nil if any is missing.
    func loadFrontier(size: Int, on connection: PostgresConnection) throws -> NodeFrontier? {
        let positions = NodeFrontier.peakPositions(size: size)
        let found = try nodes(positions, on: connection)
        var peaks: [(node: TreeNode, hash: Digest)] = []
        for position in positions {
            guard let hash = found[position] else { return nil }
            peaks.append((position, hash))
        }
        return NodeFrontier(size: size, peaks: peaks)
    }

    /// The nodes of `positions` that the node table holds.
    func nodes(_ positions: [TreeNode], on connection: PostgresConnection) throws -> [TreeNode: Digest] {
        guard !positions.isEmpty else { return [:] }
        let levels = positions.map { Int32($0.level) }, indexes = positions.map { Int64($0.index) }
        let rows = try connections.run("""
            SELECT level, idx, hash FROM tierledger.merkle_nodes
            WHERE ledger = \(id) AND (level, idx) IN (SELECT * FROM unnest(\(levels)::integer[], \(indexes)::bigint[]))
            """, on: connection, "reading Merkle nodes")
        var found: [TreeNode: Digest] = [:]
        for row in rows {
            let (level, index, hash) = try Self.decode(row, as: (Int32, Int64, ByteBuffer).self, place)
            if let digest = Digest(bytes: Array(hash.readableBytesView)) { found[TreeNode(level: Int(level), index: Int(index))] = digest }
        }
        return found
    }

    public func treeCacheAudit() -> (any TreeCacheAudit)? { nil }

    // MARK: Rows

    static func value<Column: PostgresDecodable>(_ row: PostgresRow, as type: Column.Type, _ place: PostgresLocation) throws -> Column {
        do {
            return try row.decode(Column.self)
        } catch {
            throw PostgresStoreError.schema(location: place.description, reason: "a row does not have the expected column "
                + "(\(Connections.describe(error))); is this a tierledger database of another version?")
        }
    }

    static func decode<each Column: PostgresDecodable>(_ row: PostgresRow, as type: (repeat each Column).Type,
                                                        _ place: PostgresLocation) throws -> (repeat each Column) {
        do {
            return try row.decode(type)
        } catch {
            throw PostgresStoreError.schema(location: place.description, reason: "a row does not have the expected columns "
                + "(\(Connections.describe(error))); is this a tierledger database of another version?")
        }
    }
}
