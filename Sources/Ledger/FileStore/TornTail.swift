#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes after the last newline of `entries.jsonl`, left by a write that never completed, and where
/// they were moved.
public struct TornTail: Sendable, Equatable {
    /// Where the torn bytes started in `entries.jsonl`.
    public let offset: Int
    public let length: Int
    /// The quarantine file now holding exactly those bytes.
    public let quarantinePath: String
}

enum TornTailRecovery {
    /// With the writer lock held: if `entries.jsonl` does not end with a newline, copies the bytes after
    /// the last newline to a new file in `quarantine/`, makes that durable, then cuts them from the
    /// entries file. A crash part-way leaves at worst a second copy in quarantine, never a loss.
    static func recover(entries: FileDescriptor, paths: LedgerPaths) throws -> TornTail? {
        let size = try entries.size()
        guard size > 0 else { return nil }
        let last = try entries.read(at: size - 1, count: 1)
        guard last.first != 0x0A else { return nil }
        let tailStart = try offsetAfterLastNewline(entries, size: size)
        let torn = try entries.read(at: tailStart, count: size - tailStart)

        if mkdir(paths.quarantine, 0o750) != 0 && errno != EEXIST {
            throw LedgerError.io(path: paths.quarantine, operation: "mkdir", errno: errno)
        }
        let stamp = String(EntryTime.now().rfc3339.filter { $0 != ":" })
        var name = "\(paths.quarantine)/torn-at-\(tailStart)-\(stamp).bin"
        var attempt = 1
        while access(name, F_OK) == 0 {
            attempt += 1
            name = "\(paths.quarantine)/torn-at-\(tailStart)-\(stamp)-\(attempt).bin"
        }
        let out = try FileDescriptor.open(name, O_WRONLY | O_CREAT | O_EXCL, mode: 0o640)
        try out.writeAll(torn)
        try out.sync()
        try FileDescriptor.syncDirectory(paths.quarantine)
        try entries.truncate(to: tailStart)
        try entries.sync()
        return TornTail(offset: tailStart, length: torn.count, quarantinePath: name)
    }

    /// Offset just past the last newline before `size` (0 when there is none).
    static func offsetAfterLastNewline(_ file: FileDescriptor, size: Int) throws -> Int {
        var end = size
        let step = 64 * 1024
        while end > 0 {
            let from = max(0, end - step)
            let chunk = try file.read(at: from, count: end - from)
            if let i = chunk.lastIndex(of: 0x0A) { return from + i + 1 }
            end = from
        }
        return 0
    }
}
