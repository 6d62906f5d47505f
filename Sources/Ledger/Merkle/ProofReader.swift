import Foundation

/// Checked proofs, hash tiles and the latest checkpoint for a long-lived reader (the server), made
/// as `checkedInclusionProof`, `checkedConsistencyProof`, `tileBytes` and `latestSignedCheckpoint`
/// make them, but with what every call would otherwise redo kept while the store's stamp
/// (`StoreStamp`) stays the same: the entry count, the node cache opened and checked, the stored
/// checkpoints read and their signatures verified, and the roots computed without the node cache
/// (docs/format.md §11.2). Every proof is still checked before it is returned: its leaf is the
/// hash of the entry's own line, read for the call, and its path must lead from that leaf to the
/// independent root. A store with no stamp, or a stamp not yet settled, gets all of it worked out
/// afresh for each call; a proof that fails its check drops what was kept and is made as
/// `checkedInclusionProof` makes it (rebuilding the node cache).
public final class ProofReader: @unchecked Sendable {
    public let store: any LedgerStore
    /// How long the store's files must have been still before a view of them is kept (`StoreStamp.isSettled`).
    public let settleSeconds: Double
    private let lock = NSLock()
    private var kept: TreeView?

    public init(store: any LedgerStore, settleSeconds: Double = StoreStamp.settleSeconds) {
        self.store = store
        self.settleSeconds = settleSeconds
    }

    /// The tree as the store holds it now: the view kept from an earlier call while the store's
    /// stamp is unchanged, otherwise a new one.
    public func view() throws -> TreeView {
        let stamp = store.readStamp()
        lock.lock()
        defer { lock.unlock() }
        if let kept, let stamp, kept.stamp == stamp, !kept.hasFailed { return kept }
        let view = try TreeView(store: store, stamp: stamp)
        kept = stamp?.isSettled(after: settleSeconds) == true ? view : nil
        return view
    }
}

/// The tree of a store's entries at one moment (`ProofReader.view()`), and what its checked
/// proofs are checked against. Safe to use from several threads at once.
public final class TreeView: @unchecked Sendable {
    let store: any LedgerStore
    let stamp: StoreStamp?
    /// The complete entries when the view was taken: the tree it answers for when no size is given.
    public let count: Int
    private let logKey: VerifierKey
    private let lock = NSLock()
    /// The node cache, opened (and checked) once; used under `lock`.
    private let nodes: any CountingNodeSource
    /// The stored checkpoints, largest first, unverified until asked for.
    private let saved: [SavedCheckpoint]
    private var verified: [Int: Checkpoint?] = [:]
    private var roots: [Int: Digest] = [:]
    private var failed = false

    init(store: any LedgerStore, stamp: StoreStamp?) throws {
        self.store = store
        self.stamp = stamp
        count = Int(try store.count())
        logKey = try store.logVerifierKey
        nodes = try store.treeNodes(leafCount: count, entryReads: nil)
        saved = try store.savedCheckpoints()
    }

    var hasFailed: Bool { locked { failed } }

    // MARK: Checkpoints

    /// The exact bytes of the largest stored checkpoint whose log signature verifies (what
    /// `GET /checkpoint` serves); nil when none does.
    public func latestCheckpointNote() -> [UInt8]? {
        locked { saved.indices.first { signed($0) != nil }.map { saved[$0].note } }
    }

    /// Under `lock`: stored checkpoint `index` if its log signature verifies and it is the size its name says.
    private func signed(_ index: Int) -> Checkpoint? {
        if let known = verified[index] { return known }
        let note = saved[index]
        let checkpoint = (try? Checkpoint.verify(note: String(decoding: note.note, as: UTF8.self), logKey: logKey))
            .flatMap { $0.checkpoint.size == note.size ? $0.checkpoint : nil }
        verified[index] = .some(checkpoint)
        return checkpoint
    }

    // MARK: Roots and proofs

    /// `LedgerStore.independentRoot(size:)` for a size up to `count`, computed once per view.
    public func independentRoot(size: Int) throws -> Digest {
        try locked {
            if let root = roots[size] { return root }
            guard size >= 0, size <= count else {
                throw LedgerError.invalidInput("tree size \(size) is larger than the ledger (\(count) entries); choose a size from 0 to \(count)")
            }
            let anchor = latestSignedCheckpointLocked(atMost: size)
            let root = try store.independentRoot(size: size, anchor: anchor, nodes: { nodes })
            if roots.count >= 1_024 { roots.removeAll() }
            roots[size] = root
            return root
        }
    }

    private func latestSignedCheckpointLocked(atMost limit: Int) -> Checkpoint? {
        for index in saved.indices where saved[index].size <= limit {
            if let checkpoint = signed(index) { return checkpoint }
        }
        return nil
    }

    /// A checked inclusion proof of entry `seq` in the tree of `size` entries (`count` when nil),
    /// as `LedgerStore.checkedInclusionProof` makes it: the path from the node cache, the leaf the
    /// hash of the entry's line read now, the root the independent one; the path must lead from
    /// the leaf to the root, or the proof is made again by `checkedInclusionProof`.
    public func inclusionProof(seq: Int64, size: Int? = nil) throws -> InclusionProof {
        let size = size ?? count
        guard seq >= 0, Int(seq) < size, size <= count else {
            throw LedgerError.invalidInput("entry \(seq) is not in a tree of \(size) entries; choose a size above \(seq)")
        }
        let root = try independentRoot(size: size)
        let leaf = try store.leafHash(Int(seq))
        let hashes = try locked { try MerkleProofs.inclusion(index: Int(seq), size: size, in: nodes) }
        let proof = InclusionProof(origin: store.config.origin, leafIndex: Int(seq), treeSize: size, rootHash: root, leafHash: leaf, hashes: hashes)
        if (try? proof.verify()) != nil { return proof }
        locked { failed = true }
        return try store.checkedInclusionProof(seq: seq, size: size).proof
    }

    /// A checked consistency proof from the tree of `first` entries to the tree of `second`
    /// (`count` when nil), its roots the independent ones, checked the same way.
    public func consistencyProof(from first: Int, to second: Int? = nil) throws -> ConsistencyProof {
        let second = second ?? count
        guard first >= 0, first <= second, second <= count else {
            throw LedgerError.invalidInput("the first size (\(first)) must be from 0 to the second (\(second)), at most \(count)")
        }
        let roots = (try independentRoot(size: first), try independentRoot(size: second))
        let hashes = try locked { try MerkleProofs.consistency(from: first, to: second, in: nodes) }
        let proof = ConsistencyProof(origin: store.config.origin, firstSize: first, secondSize: second,
                                     firstRoot: roots.0, secondRoot: roots.1, hashes: hashes)
        if (try? proof.verify()) != nil { return proof }
        locked { failed = true }
        return try store.checkedConsistencyProof(from: first, to: second).proof
    }

    // MARK: Tiles

    /// `LedgerStore.tileBytes` for the tree of `count` entries, hash tiles read from the node cache
    /// opened for this view.
    public func tileBytes(_ tile: TileAddress) throws -> [UInt8]? {
        if case .entries = tile.kind { return try store.tileBytes(tile, treeSize: count) }
        return try locked { try store.tileBytes(tile, treeSize: count, nodes: nodes) }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
