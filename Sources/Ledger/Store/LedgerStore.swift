/// Where a ledger's lines, checkpoints and caches are kept: the seam under everything else.
///
/// The verifier, replays, proofs, checkpoints, reports and the governance layer read and write a
/// ledger only through this protocol, so a store is one implementation of it (`FileLedger`, the
/// embedded default, today). docs/architecture.md says why it is synchronous and `Sendable`:
/// calls block the calling thread, every reader may run on any thread at the same time as one
/// writer, and an async front end runs them on a thread pool of its own.
///
/// Positions are byte offsets of lines in the ledger's JSON Lines form (`entries.jsonl`, each line
/// followed by `\n`): the file store reads them off its file, and any other store can keep them
/// beside each line, so that `verify` names the same offsets everywhere. A `ChainHead` carries the
/// offset just after its line, which a store may use to read on from it without a lookup.
public protocol LedgerStore: AnyObject, Sendable {
    /// Which log this is, as its genesis entry records it.
    var config: LedgerConfig { get }
    /// Where the ledger is, for messages: a directory, or a database name without credentials.
    var location: String { get }

    // MARK: Reading (never blocks a writer)

    /// The complete lines after `head` (from entry 0 when nil), in order, up to the last complete
    /// line when the call is made, then what follows it (`LineItem.incomplete`, `.oversized`).
    func lines(after head: ChainHead?) throws -> any LineSource
    /// The complete lines from entry `seq` on; empty when there is no such entry.
    func lines(from seq: Int64) throws -> any LineSource
    /// The exact bytes of entry `seq`'s line.
    func line(at seq: Int64) throws -> [UInt8]
    /// The number of complete entries.
    func count() throws -> Int64
    /// The last complete entry, or nil when there is none.
    func head() throws -> ChainHead?
    /// Bytes after the last complete line, if any: a write cut short by a crash, or one in progress.
    func pendingTail() throws -> (offset: Int, length: Int)?
    /// True when the bytes from `offset` now form a complete line: an append in progress has finished.
    func lineCompleted(at offset: Int) throws -> Bool
    /// True while a writer holds the store.
    var hasActiveWriter: Bool { get }
    /// What tells a long-lived reader that nothing its reads depend on changed since it last looked
    /// (`StoreStamp`), or nil when the store cannot tell cheaply: then it reads afresh every time.
    func readStamp() -> StoreStamp?

    // MARK: Writing (one writer at a time)

    /// Runs `body` as the store's only writer; a torn tail a crash left is set aside first.
    func withWriter<R>(_ wait: LockWait, _ body: (any LedgerStoreWriter) throws -> R) throws -> R

    // MARK: Checkpoints

    /// Keeps the signed note of a checkpoint of `size` entries (replacing one of that size); returns
    /// where it is, for messages.
    func saveCheckpoint(_ note: [UInt8], size: Int) throws -> String
    /// The checkpoint notes kept, largest size first, unverified (callers check their signatures).
    func savedCheckpoints() throws -> [SavedCheckpoint]

    // MARK: Merkle nodes

    /// The nodes of the tree of the first `leafCount` entries for proofs: a cache where the store
    /// keeps one and it checks out, the entries themselves otherwise. Never trusted by itself:
    /// checked proofs compare against roots computed without it.
    func treeNodes(leafCount: Int, entryReads: ReadCounter?) throws -> any CountingNodeSource
    /// `treeNodes` over every entry there is now, for an inclusion proof of entry `seq` in the tree
    /// of `size` entries (all when nil). A store whose reads are round trips fetches the count and the
    /// proof's nodes together here; the default counts, then asks `treeNodes`.
    func proofNodes(leaf seq: Int64, size: Int?, entryReads: ReadCounter?) throws -> any CountingNodeSource
    /// Brings the node cache, if any, up to `leaves` appended at `firstIndex` (a writer's job).
    func extendTreeCache(knownLeaves leaves: [Digest], firstIndex: Int)
    /// Discards and rebuilds the node cache, if any, from the entries.
    func rebuildTreeCache() throws
    /// An audit of the node cache against the leaves `verify` computes, or nil without a cache.
    func treeCacheAudit() -> (any TreeCacheAudit)?
}

extension LedgerStore {
    /// No stamp: every read is made afresh.
    public func readStamp() -> StoreStamp? { nil }
}

/// The one writer of a store, alive inside `LedgerStore.withWriter`.
public protocol LedgerStoreWriter: AnyObject {
    /// The last entry of the chain, or nil before the genesis entry.
    var head: ChainHead? { get }
    /// A torn tail found and set aside when the writer started.
    var recoveredTail: TornTail? { get }
    /// Puts `links` (made by `Chain.extend` after `head`) after the head, durably and all or none,
    /// and returns them as stored. Fails, writing nothing, if they do not follow the head.
    func append(_ links: [Chain.Link]) throws -> [StoredEntry]
}

/// A checkpoint note as a store keeps it.
public struct SavedCheckpoint: Sendable {
    public let size: Int
    /// Where it is kept, relative to the ledger, for messages and reports (`checkpoints/<size>.checkpoint`).
    public let name: String
    public let note: [UInt8]

    public init(size: Int, name: String, note: [UInt8]) {
        self.size = size
        self.name = name
        self.note = note
    }
}

/// How a writer waits for a store that another writer holds.
public enum LockWait: Sendable {
    /// Fail at once, naming the holder.
    case noWait
    /// Wait for the holder to finish; `onWait` hears who it is.
    case wait(onWait: @Sendable (String) -> Void)
}

/// Merkle nodes that also count what they read from a cache (for `ProofReads`).
public protocol CountingNodeSource: MerkleNodeSource {
    /// Nodes read from the cache so far.
    var nodeReads: Int { get }
    /// The hashes of the perfect subtrees `range` of `level`, 32 bytes each, in order: what a hash
    /// tile holds. A cache reads them at once where it holds them all.
    func nodeBytes(level: Int, range: Range<Int>) throws -> [UInt8]
}

extension CountingNodeSource {
    public func nodeBytes(level: Int, range: Range<Int>) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 * range.count)
        for index in range { bytes += try perfectNode(level: level, index: index).bytes }
        return bytes
    }
}

/// A check of a node cache against every leaf, fed in order by `verify`.
public protocol TreeCacheAudit: AnyObject {
    /// Compares the next leaf (from 0) with the cache.
    func check(leaf: Digest)
    /// After every leaf: true when the cache holds nothing but what the leaves give.
    func finish() -> Bool
    /// What differed first, if anything.
    var firstMismatch: String? { get }
}
