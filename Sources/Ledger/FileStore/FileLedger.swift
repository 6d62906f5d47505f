#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCrypto

/// A ledger kept in a directory on the local file system (docs/format.md, "Ledger directory").
///
/// Readers never take the lock and never block a writer: they read up to the last complete line.
/// Writers go through `withWriter`, one at a time.
public final class FileLedger: LedgerStore, @unchecked Sendable {
    public let paths: LedgerPaths
    public let config: LedgerConfig
    let index: OffsetIndex
    /// The system calls appends go through; tests replace it to inject faults.
    public var io: any StoreIO = SystemIO()

    private init(paths: LedgerPaths, config: LedgerConfig) {
        self.paths = paths
        self.config = config
        index = OffsetIndex(paths: paths)
    }

    /// Opens an existing ledger (reads `ledger.json` only); appends go through `io`.
    public static func open(_ directory: String, io: any StoreIO) throws -> FileLedger {
        let ledger = try open(directory)
        ledger.io = io
        return ledger
    }

    /// Opens an existing ledger (reads `ledger.json` only).
    public static func open(_ directory: String) throws -> FileLedger {
        let paths = LedgerPaths(root: directory)
        guard access(paths.config, F_OK) == 0 else { throw LedgerError.notALedger(path: paths.root) }
        let file = try FileDescriptor.open(paths.config, O_RDONLY)
        let size = try file.size()
        guard size <= 64 * 1024 else { throw LedgerError.badConfig(path: paths.config, reason: "larger than 64 KiB") }
        let config = try LedgerConfig.parse(try file.read(at: 0, count: size), path: paths.config)
        guard access(paths.entries, F_OK) == 0 else {
            throw LedgerError.badConfig(path: paths.entries, reason: "missing: the ledger was not fully created; "
                + "if it never held entries, remove \(paths.root) and run `tierledger init` again")
        }
        return FileLedger(paths: paths, config: config)
    }

    /// Creates a new ledger in `directory` (which must not exist, or be empty): writes `ledger.json`
    /// and the genesis entry, both durable before this returns.
    public static func create(
        at directory: String, origin: String, admin: PrivateKey, adminName: String = "admin",
        logKey: PublicKey, time: EntryTime = .now(), future: FutureTimes = .refused
    ) throws -> (ledger: FileLedger, genesis: StoredEntry) {
        // Checked before anything is created, so a refused time leaves no half-made ledger.
        try future.check(time, clock: .now())
        guard Genesis.isValidName(adminName) else {
            throw LedgerError.invalidInput("admin name \"\(adminName)\" must be 1-64 letters, digits, '.', '_', '-', '@'")
        }
        let config = try LedgerConfig(origin: origin, logKey: logKey)
        let genesis = Genesis(origin: origin, logKey: logKey, adminName: adminName, adminKey: admin.publicKey)
        let links = try Chain.extend(after: nil, with: [EntryDraft(type: EntryType.genesis, body: genesis.body)], signedBy: admin, at: time)
        guard let link = links.first else { throw LedgerError.rejected(reason: "the genesis entry was not made") }
        let ledger = try create(at: directory, config: config, genesis: link)
        return (ledger, StoredEntry(entry: link.entry, offset: 0, length: link.line.count, hash: link.hash))
    }

    /// Creates a new ledger in `directory` (which must not exist, or be empty) holding `genesis`, the
    /// first entry of a ledger whose config is `config`: `ledger.json`, then the line, both durable.
    public static func create(at directory: String, config: LedgerConfig, genesis link: Chain.Link) throws -> FileLedger {
        let paths = LedgerPaths(root: directory)
        try makeEmptyDirectory(paths.root)

        let temporary = paths.config + ".tmp"
        let configFile = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        try configFile.writeAll(config.fileBytes)
        try configFile.sync()
        guard rename(temporary, paths.config) == 0 else {
            throw LedgerError.io(path: paths.config, operation: "rename", errno: errno)
        }
        _ = try FileDescriptor.open(paths.entries, O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        try FileDescriptor.syncDirectory(paths.root)

        let ledger = FileLedger(paths: paths, config: config)
        _ = try ledger.withWriter(.noWait) { writer in try writer.append([link]) }
        return ledger
    }

    private static func makeEmptyDirectory(_ path: String) throws {
        if mkdir(path, 0o750) == 0 { return }
        guard errno == EEXIST else { throw LedgerError.io(path: path, operation: "mkdir", errno: errno) }
        guard let dir = opendir(path) else { throw LedgerError.alreadyExists(path: path) }
        defer { closedir(dir) }
        while let item = readdir(dir) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { throw LedgerError.alreadyExists(path: path) }
        }
    }

    // MARK: Reading

    func openEntries() throws -> FileDescriptor {
        try FileDescriptor.open(paths.entries, O_RDONLY)
    }

    /// Where the ledger is: its directory.
    public var location: String { paths.root }

    /// The complete lines from entry `seq` on, found through the offset index.
    public func lines(from seq: Int64) throws -> any LineSource {
        let file = try openEntries()
        let size = try file.size()
        let start: Int
        if seq <= 0 {
            start = 0
        } else if let offset = try index.offset(of: seq, entries: file, size: size) {
            start = offset
        } else {
            start = size
        }
        return try LineReader(file: file, from: start, to: size)
    }

    /// The complete lines after `head`, read on from the offset it carries.
    public func lines(after head: ChainHead?) throws -> any LineSource {
        let file = try openEntries()
        return try LineReader(file: file, from: head?.endOffset ?? 0, to: try file.size())
    }

    /// The exact bytes of entry `seq`'s line (without the newline).
    public func line(at seq: Int64) throws -> [UInt8] {
        let file = try openEntries()
        let size = try file.size()
        guard let offset = try index.offset(of: seq, entries: file, size: size) else {
            throw LedgerError.noSuchEntry(seq: seq, count: Int64(try index.count(entries: file, size: size)))
        }
        return try LineReading.line(at: offset, in: file, size: size)
    }

    /// The number of complete entries.
    public func count() throws -> Int64 {
        let file = try openEntries()
        return Int64(try index.count(entries: file, size: try file.size()))
    }

    /// The last complete entry, or nil for an empty file.
    public func head() throws -> ChainHead? {
        let file = try openEntries()
        return try FileLedger.readHead(file)
    }

    static func readHead(_ file: FileDescriptor) throws -> ChainHead? {
        let size = try file.size()
        let end = try TornTailRecovery.offsetAfterLastNewline(file, size: size)
        guard end > 0 else { return nil }
        let start = try TornTailRecovery.offsetAfterLastNewline(file, size: end - 1)
        let line = try file.read(at: start, count: end - 1 - start)
        let stored = try EntrySequence.decode(line, offset: start, expectedSeq: nil)
        return ChainHead(seq: stored.entry.seq, hash: stored.hash, time: stored.entry.time, endOffset: end)
    }

    /// Bytes after the last newline, if any, without changing anything: a torn or in-progress write.
    public func pendingTail() throws -> (offset: Int, length: Int)? {
        let file = try openEntries()
        let size = try file.size()
        let end = try TornTailRecovery.offsetAfterLastNewline(file, size: size)
        return end < size ? (end, size - end) : nil
    }

    /// True when the bytes from `offset` now end in a newline: an append that was under way when a
    /// reader looked has since completed.
    public func lineCompleted(at offset: Int) throws -> Bool {
        let file = try openEntries()
        let size = try file.size()
        guard size > offset else { return false }
        var position = offset
        while position < size, position - offset <= EntryLimits.maxEntryBytes {
            let chunk = try file.read(at: position, count: min(64 * 1024, size - position))
            if chunk.contains(0x0A) { return true }
            position += chunk.count
        }
        return false
    }

    /// True while a writer holds the lock.
    public var hasActiveWriter: Bool { WriterLock.isHeld(path: paths.lock) }

    /// The entries file, the node cache's leaves and the checkpoints directory, as `stat` sees them:
    /// an append, a cache rebuilt or extended, a checkpoint added, replaced or removed all change it.
    public func readStamp() -> StoreStamp? {
        StoreStamp.of([paths.entries, MerkleNodeCache.path(paths.merkle, level: 0), paths.checkpoints])
    }

    // MARK: Writing

    /// Runs `body` as the ledger's only writer. A torn tail left by a crash is quarantined first
    /// (see `LedgerWriter.recoveredTail`).
    public func withWriter<R>(_ wait: LockWait, _ body: (any LedgerStoreWriter) throws -> R) throws -> R {
        let mode: WriterLock.Mode
        switch wait {
        case .noWait: mode = .noWait
        case let .wait(onWait): mode = .wait(onWait: onWait)
        }
        let lock = try WriterLock(path: paths.lock, mode: mode)
        let writer = try LedgerWriter(ledger: self, lock: lock)
        return try body(writer)
    }


    func refreshIndex(_ file: FileDescriptor) {
        if let size = try? file.size() { _ = try? index.refresh(entries: file, size: size) }
    }
}
