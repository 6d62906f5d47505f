#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the lines of `entries.jsonl` from a given offset in large reads, with memory bounded by
/// the read size plus one maximal entry.
struct LineReader: LineSource {
    typealias Item = LineItem

    private let file: FileDescriptor
    private let chunkSize: Int
    private let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var bufferOffset: Int
    private var fileOffset: Int
    private var atEnd = false
    private var finished = false

    /// Reads from `offset` up to `endOffset` (the file size when the reader was made), so that an
    /// append that lands meanwhile is not half-seen.
    init(file: FileDescriptor, from offset: Int, to endOffset: Int? = nil, chunkSize: Int = 1 << 20,
         limit: Int = EntryLimits.maxEntryBytes) throws {
        self.file = file
        self.chunkSize = chunkSize
        self.limit = limit
        bufferOffset = offset
        fileOffset = offset
        self.endOffset = try endOffset ?? file.size()
    }

    private let endOffset: Int

    /// Offset just past the last complete line returned.
    var position: Int { bufferOffset + start }
    var endPosition: Int { endOffset }

    mutating func next() throws -> Item? {
        guard !finished else { return nil }
        while true {
            if let newline = findNewline() {
                let lineStart = bufferOffset + start
                let length = newline - start
                if length > limit {
                    finished = true
                    return .oversized(offset: lineStart)
                }
                let bytes = Array(buffer[start..<newline])
                start = newline + 1
                return .line(offset: lineStart, bytes: bytes)
            }
            if buffer.count - start > limit {
                finished = true
                return .oversized(offset: bufferOffset + start)
            }
            if atEnd {
                finished = true
                let remaining = buffer.count - start
                return remaining > 0 ? .incomplete(offset: bufferOffset + start, length: remaining) : nil
            }
            try refill()
        }
    }

    private func findNewline() -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let origin = raw.baseAddress else { return nil }
            let base = origin + start
            guard let hit = memchr(base, 0x0A, raw.count - start) else { return nil }
            return start + (UnsafeRawPointer(hit) - base)
        }
    }

    private mutating func refill() throws {
        if start > 0 {
            buffer.removeFirst(start)
            bufferOffset += start
            start = 0
        }
        let want = min(chunkSize, endOffset - fileOffset)
        guard want > 0 else {
            atEnd = true
            return
        }
        let chunk = try file.read(at: fileOffset, count: want)
        if chunk.isEmpty { atEnd = true }
        fileOffset += chunk.count
        buffer.append(contentsOf: chunk)
    }
}
