#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `entries.idx`: the byte offset of every entry's line, so that `log --from`, proofs and lookups
/// by sequence number do not read the whole ledger.
///
/// Layout: the 8 bytes `TLIDX\0\0\u{1}`, then one little-endian UInt64 offset per entry, entry 0
/// first. It is a cache: every lookup checks that the line found holds the sequence number asked
/// for, and any mismatch (missing, stale, torn or lying index) rebuilds it from the entries file.
/// When the directory is not writable the index is kept in memory for the call.
final class OffsetIndex {
    static let magic: [UInt8] = [0x54, 0x4C, 0x49, 0x44, 0x58, 0x00, 0x00, 0x01]

    private let paths: LedgerPaths
    private var offsets: [Int]? = nil

    init(paths: LedgerPaths) { self.paths = paths }

    /// The offset of entry `seq`'s line, or nil when the ledger has fewer entries.
    func offset(of seq: Int64, entries: FileDescriptor, size: Int) throws -> Int? {
        guard seq >= 0 else { return nil }
        for attempt in 0..<2 {
            if attempt == 1 { try rebuild(entries: entries, size: size) } else { try refresh(entries: entries, size: size) }
            guard let offsets, seq < Int64(offsets.count) else { return nil }
            let at = offsets[Int(seq)]
            if try seqOfLine(at: at, entries: entries, size: size) == seq { return at }
        }
        throw LedgerError.damaged(seq: seq, offset: 0, reason: "the entry cannot be located even after rebuilding the offset index")
    }

    /// Number of complete entries the index knows (after a refresh).
    func count(entries: FileDescriptor, size: Int) throws -> Int {
        try refresh(entries: entries, size: size)
        return offsets?.count ?? 0
    }

    /// Loads the index and extends it over lines appended since; rebuilds when it does not fit.
    func refresh(entries: FileDescriptor, size: Int) throws {
        if offsets == nil { offsets = loadFromDisk() }
        guard var known = offsets else { return try rebuild(entries: entries, size: size) }
        if let last = known.last {
            guard known.first == 0, last < size,
                  try seqOfLine(at: last, entries: entries, size: size) == Int64(known.count - 1)
            else { return try rebuild(entries: entries, size: size) }
        }
        let resumeAt: Int
        if let last = known.last {
            let line = try LineReading.line(at: last, in: entries, size: size)
            resumeAt = last + line.count + 1
        } else {
            resumeAt = 0
        }
        var reader = try LineReader(file: entries, from: resumeAt, to: size)
        var added: [Int] = []
        while let item = try reader.next() {
            guard case let .line(offset, _) = item else { break }
            added.append(offset)
        }
        guard !added.isEmpty else { return }
        known.append(contentsOf: added)
        offsets = known
        appendToDisk(added, total: known.count)
    }

    /// Rebuilds the whole index from the entries file.
    func rebuild(entries: FileDescriptor, size: Int) throws {
        var reader = try LineReader(file: entries, from: 0, to: size)
        var all: [Int] = []
        while let item = try reader.next() {
            guard case let .line(offset, _) = item else { break }
            all.append(offset)
        }
        offsets = all
        writeWholeToDisk(all)
    }

    private func seqOfLine(at offset: Int, entries: FileDescriptor, size: Int) throws -> Int64? {
        guard offset < size else { return nil }
        if offset > 0, try entries.read(at: offset - 1, count: 1).first != 0x0A { return nil }
        let line = try LineReading.line(at: offset, in: entries, size: size)
        return try? EntryDecoder.decode(line).seq
    }

    // MARK: Disk (best effort: the index is only a cache)

    private func loadFromDisk() -> [Int]? {
        guard let file = try? FileDescriptor.open(paths.offsetIndex, O_RDONLY),
              let size = try? file.size(), size >= 8, (size - 8) % 8 == 0,
              let bytes = try? file.read(at: 0, count: size), Array(bytes.prefix(8)) == OffsetIndex.magic
        else { return nil }
        var out: [Int] = []
        out.reserveCapacity((size - 8) / 8)
        var i = 8
        while i < bytes.count {
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            guard value < UInt64(Int.max) else { return nil }
            out.append(Int(value))
            i += 8
        }
        return out
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

    private func appendToDisk(_ added: [Int], total: Int) {
        guard let file = try? FileDescriptor.open(paths.offsetIndex, O_WRONLY | O_APPEND),
              let size = try? file.size(), size == 8 + (total - added.count) * 8
        else { return writeWholeToDisk(offsets ?? []) }
        _ = try? file.writeAll(OffsetIndex.encode(added))
    }

    private func writeWholeToDisk(_ all: [Int]) {
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
