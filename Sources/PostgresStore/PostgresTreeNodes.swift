import Ledger

/// The Merkle nodes of the first `leafCount` entries of a `PostgresLedger`: the leaves read in one
/// pass the first time a node is asked for, every perfect node above them computed once.
final class PostgresTreeNodes: CountingNodeSource {
    let leafCount: Int
    /// No cache is kept, so none is read.
    let nodeReads = 0
    private let store: PostgresLedger
    private let entryReads: ReadCounter?
    /// The perfect nodes by level, level 0 the leaves; empty until first used.
    private var levels: [[Digest]] = []

    init(store: PostgresLedger, leafCount: Int, entryReads: ReadCounter?) {
        self.store = store
        self.leafCount = leafCount
        self.entryReads = entryReads
    }

    func perfectNode(level: Int, index: Int) throws -> Digest {
        if levels.isEmpty { try load() }
        guard level < levels.count, index >= 0, index < levels[level].count else {
            throw LedgerError.invalidInput("no perfect subtree at level \(level), index \(index) in a tree of \(leafCount) entries")
        }
        return levels[level][index]
    }

    private func load() throws {
        var leaves: [Digest] = []
        leaves.reserveCapacity(leafCount)
        var source = try store.lines(from: 0)
        while leaves.count < leafCount, let item = try source.next() {
            guard case let .line(_, bytes) = item else { break }
            entryReads?.add()
            leaves.append(MerkleHash.leaf(bytes))
        }
        guard leaves.count == leafCount else {
            throw LedgerError.noSuchEntry(seq: Int64(leafCount - 1), count: Int64(leaves.count))
        }
        levels = [leaves]
        while let below = levels.last, below.count >= 2 {
            levels.append(stride(from: 0, to: below.count - 1, by: 2).map { MerkleHash.node(below[$0], below[$0 + 1]) })
        }
    }
}
