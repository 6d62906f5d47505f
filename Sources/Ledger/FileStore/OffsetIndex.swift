#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `entries.idx`: the byte offset of every entry's line, so that `log --from`, proofs and lookups
/// by sequence number do not read the whole ledger.
///
/// Layout: the 8 bytes `TLIDX\0\0\u{1}`, then one little-endian UInt64 offset per entry, entry 0
/// first. It is a cache: every lookup checks that the line found holds the sequence number asked
/// for, and any mismatch (missing, stale, torn or lying index) rebuilds it from the entries file.
/// When the directory is not writable the index is kept in memory for the call.
///
/// One index serves every thread that reads the ledger through the same `FileLedger` (the server's
/// store pool), so its state is kept under a lock. A refresh checks the index against the entries
/// file once per file identity and size: while the file is the same and no longer, the lines it
/// holds are the ones checked (the ledger is append-only), and each lookup still checks its line.
final class OffsetIndex {
    static let magic: [UInt8] = [0x54, 0x4C, 0x49, 0x44, 0x58, 0x00, 0x00, 0x01]

    private let paths: LedgerPaths
    /// Offsets the index knows; nil until loaded.
    private var known: Int?
    /// The offsets in memory, after a rebuild (or when the disk copy cannot be written); otherwise
    /// each is read from `entries.idx` when asked for, so opening a large ledger reads 16 bytes, not the index.
    private var memory: [Int]?
    private var disk: FileDescriptor?
    /// The entries file (device, inode, size) the index was last checked against and fits.
    private var checked: [Int]?
    private let lock = NSRecursiveLock()

    init(paths: LedgerPaths) { self.paths = paths }

    /// The offset of entry `seq`'s line, or nil when the ledger has fewer entries.
    func offset(of seq: Int64, entries: FileDescriptor, size: Int) throws -> Int? {
        guard seq >= 0 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        for attempt in 0..<2 {
            if attempt == 1 { try rebuild(entries: entries, size: size) } else { try refresh(entries: entries, size: size) }
            guard let count = known, seq < Int64(count) else { return nil }
            if let at = value(Int(seq)), try seqOfLine(at: at, entries: entries, size: size) == seq { return at }
        }
        throw LedgerError.damaged(seq: seq, offset: 0, reason: "the entry cannot be located even after rebuilding the offset index")
    }

    /// Number of complete entries the index knows (after a refresh).
    func count(entries: FileDescriptor, size: Int) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        try refresh(entries: entries, size: size)
        return known ?? 0
    }

    /// Opens the index and extends it over lines appended since; rebuilds when it does not fit.
    /// Nothing to do when it was checked against this very file at this size.
    func refresh(entries: FileDescriptor, size: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        let file = try? entries.identity()
        if let file, known != nil, checked == file + [size] { return }
        checked = nil
        try refreshUnchecked(entries: entries, size: size)
        checked = file.map { $0 + [size] }
    }

    private func refreshUnchecked(entries: FileDescriptor, size: Int) throws {
        if known == nil { known = openDisk() }
        guard let count = known else { return try rebuild(entries: entries, size: size) }
        var resumeAt = 0
        if count > 0 {
            guard value(0) == 0, let last = value(count - 1), last < size,
                  try seqOfLine(at: last, entries: entries, size: size) == Int64(count - 1)
            else { return try rebuild(entries: entries, size: size) }
            resumeAt = last + (try LineReading.line(at: last, in: entries, size: size)).count + 1
        }
        var reader = try LineReader(file: entries, from: resumeAt, to: size)
        var added: [Int] = []
        while let item = try reader.next() {
            guard case let .line(offset, _) = item else { break }
            added.append(offset)
        }
        guard !added.isEmpty else { return }
        memory?.append(contentsOf: added)
        known = count + added.count
        if !appendToDisk(added, total: count + added.count) { try rebuild(entries: entries, size: size) }
    }

    /// Rebuilds the whole index from the entries file.
    func rebuild(entries: FileDescriptor, size: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        checked = nil
        var reader = try LineReader(file: entries, from: 0, to: size)
        var all: [Int] = []
        while let item = try reader.next() {
            guard case let .line(offset, _) = item else { break }
            all.append(offset)
        }
        memory = all
        known = all.count
        writeWholeToDisk(all)
    }

    private func seqOfLine(at offset: Int, entries: FileDescriptor, size: Int) throws -> Int64? {
        guard offset < size else { return nil }
        if offset > 0, try entries.read(at: offset - 1, count: 1).first != 0x0A { return nil }
        let line = try LineReading.line(at: offset, in: entries, size: size)
        return try? EntryDecoder.decode(line).seq
    }

    /// Offset number `i`: from memory, or 8 bytes of `entries.idx`.
    private func value(_ i: Int) -> Int? {
        if let memory { return i < memory.count ? memory[i] : nil }
        guard let bytes = try? disk?.read(at: 8 + 8 * i, count: 8), bytes.count == 8 else { return nil }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        return v < UInt64(Int.max) ? Int(v) : nil
    }

    // MARK: Disk (best effort: the index is only a cache)

    /// Opens `entries.idx` and returns how many offsets it holds, checking only its header and length.
    private func openDisk() -> Int? {
        guard let file = try? FileDescriptor.open(paths.offsetIndex, O_RDONLY),
              let size = try? file.size(), size >= 8, (size - 8) % 8 == 0,
              let header = try? file.read(at: 0, count: 8), header == OffsetIndex.magic
        else { return nil }
        disk = file
        memory = nil
        return (size - 8) / 8
    }

    private static func encode(_ offsets: [Int]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(offsets.count * 8)
        for offset in offsets {
            let v = UInt64(offset)
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
        }
        return out
    }

    /// Appends `added` to `entries.idx`; false when the file is not the length it should be (then rebuild).
    private func appendToDisk(_ added: [Int], total: Int) -> Bool {
        guard let file = try? FileDescriptor.open(paths.offsetIndex, O_WRONLY | O_APPEND),
              let size = try? file.size(), size == 8 + (total - added.count) * 8
        else { return memory != nil }   // offsets in memory stay right for this call even when the disk copy cannot follow
        return (try? file.writeAll(OffsetIndex.encode(added))) != nil || memory != nil
    }

    private func writeWholeToDisk(_ all: [Int]) {
        disk = nil
        let temporary = paths.offsetIndex + ".tmp-\(getpid())"
        guard let file = try? FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644) else { return }
        guard (try? file.writeAll(OffsetIndex.magic + OffsetIndex.encode(all))) != nil else { return }
        _ = rename(temporary, paths.offsetIndex)
    }
}

/// Reading one line at a known offset.
enum LineReading {
    /// The line starting at `offset`, without its newline; up to the entry size limit.
    static func line(at offset: Int, in file: FileDescriptor, size: Int) throws -> [UInt8] {
        var collected: [UInt8] = []
        var position = offset
        var step = 4096
        while position < size {
            let chunk = try file.read(at: position, count: min(step, size - position))
            if let newline = chunk.firstIndex(of: 0x0A) {
                collected.append(contentsOf: chunk[..<newline])
                return collected
            }
            collected.append(contentsOf: chunk)
            position += chunk.count
            if collected.count > EntryLimits.maxEntryBytes { break }
            step = min(step * 4, 1 << 20)
        }
        return collected
    }
}
