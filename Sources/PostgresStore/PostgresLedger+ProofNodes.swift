import Ledger
import PostgresNIO

extension PostgresLedger {
    /// Statements this store has sent to its server, each one round trip: what the tests and
    /// `make bench` count a proof's cost by.
    public var statementsSent: Int { connections.statementsSent }

    /// The node source for an inclusion proof of entry `seq` in the tree of `size` entries (all when
    /// nil), in one round trip: the count of entries and, from the node table, every node such a
    /// proof and its root read (`PostgresTreeNodes.proofNodes`, computed here in SQL from the count).
    /// Nodes the table lacks are read later, as `treeNodes` reads them.
    public func proofNodes(leaf seq: Int64, size: Int?, entryReads: ReadCounter?) throws -> any CountingNodeSource {
        let leaf = max(seq, 0)
        let target = Int64(size ?? -1)
        let rows = try connections.run("""
            WITH total AS (
                SELECT coalesce((SELECT seq + 1 FROM tierledger.entries WHERE ledger = \(id) ORDER BY seq DESC LIMIT 1), 0) AS n
            ), tree AS (
                SELECT CASE WHEN \(target) < 0 THEN n ELSE least(\(target), n) END AS size FROM total
            ), wanted AS (
                SELECT DISTINCT l AS level, v.idx
                FROM tree, generate_series(0, 62) AS l,
                     LATERAL (VALUES (\(leaf) >> l), ((\(leaf) >> l) # 1),
                                     (CASE WHEN tree.size & (1::bigint << l) <> 0 THEN (tree.size >> l) - 1 END)) AS v(idx)
                WHERE v.idx IS NOT NULL AND v.idx < (tree.size >> l)
            )
            SELECT -1, n, NULL::bytea FROM total
            UNION ALL
            SELECT m.level, m.idx, m.hash FROM wanted w
            JOIN tierledger.merkle_nodes m ON m.ledger = \(id) AND m.level = w.level AND m.idx = w.idx
            """, "reading the count and a proof's Merkle nodes")
        var count: Int?
        var found: [TreeNode: Digest] = [:]
        for row in rows {
            let (level, value, hash) = try Self.decode(row, as: (Int32, Int64, ByteBuffer?).self, place)
            if level < 0 {
                count = Int(value)
            } else if let hash, let digest = Digest(bytes: Array(hash.readableBytesView)) {
                found[TreeNode(level: Int(level), index: Int(value))] = digest
            }
        }
        guard let count else {
            throw PostgresStoreError.schema(location: place.description, reason: "the server answered a proof's query without the count of entries")
        }
        let treeSize = min(size ?? count, count)
        let asked = treeSize > 0 ? PostgresTreeNodes.proofNodes(leaf: Int(leaf), size: treeSize) : []
        return PostgresTreeNodes(store: self, leafCount: count, entryReads: entryReads, asked: asked, found: found)
    }
}
