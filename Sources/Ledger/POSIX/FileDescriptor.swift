#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open POSIX file descriptor, closed on deinit. All store I/O goes through here.
final class FileDescriptor {
    let fd: Int32
    let path: String
    /// Where writes and fsyncs go: the system, or a test's fault injector.
    var io: any StoreIO = SystemIO()

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens `path`; `O_CLOEXEC` is always added.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> FileDescriptor {
        let fd = path.withCString { systemOpen($0, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw LedgerError.io(path: path, operation: "open", errno: errno) }
        return FileDescriptor(fd: fd, path: path)
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let n = io.write(fd, base + written, bytes.count - written)
            if n < 0 {
                if n == -Int(EINTR) { continue }
                throw LedgerError.io(path: path, operation: "write", errno: Int32(-n))
            }
            if n == 0 { throw LedgerError.io(path: path, operation: "write", errno: EIO) }
            written += n
        }
    }

    func writeAll(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        try out.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while got < count {
                let n = pread(fd, base + got, count - got, off_t(offset + got))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError.io(path: path, operation: "read", errno: errno)
                }
                if n == 0 { break }
                got += n
            }
        }
        if got < count { out.removeLast(count - got) }
        return out
    }

    /// Reads into `buffer` at `offset`; returns the number of bytes read (0 at end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let n = pread(fd, base, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw LedgerError.io(path: path, operation: "read", errno: errno) }
        }
    }

    /// Flushes data and metadata to stable storage.
    func sync() throws {
        let result = io.fsync(fd)
        guard result == 0 else { throw LedgerError.io(path: path, operation: "fsync", errno: -result) }
    }

    /// The device and inode of the open file: which file it is, whatever its name now.
    func identity() throws -> [Int] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LedgerError.io(path: path, operation: "stat", errno: errno) }
        return [Int(info.st_dev), Int(info.st_ino)]
    }

    func size() throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LedgerError.io(path: path, operation: "stat", errno: errno) }
        return Int(info.st_size)
    }

    func truncate(to length: Int) throws {
        guard ftruncate(fd, off_t(length)) == 0 else {
            throw LedgerError.io(path: path, operation: "truncate", errno: errno)
        }
    }

    /// fsyncs a directory, making a file creation or rename in it durable.
    static func syncDirectory(_ path: String) throws {
        let dir = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        try dir.sync()
    }
}

/// `open(2)`, named apart from `FileDescriptor.open`, which shadows it inside the type.
@inline(__always)
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
