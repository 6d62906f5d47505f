#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A key store in one file (mode 600), replaced atomically: the new contents go to a temporary
/// file beside it, which is fsynced, renamed over the old one, and then the directory is fsynced,
/// so a crash at any moment leaves either the old key store or the new one, whole. Writers
/// serialise on an advisory lock on `<file>.lock`.
public struct FileKeyStore: PrivacyKeyStore {
    public let path: String

    public init(path: String) { self.path = path }

    public var location: String { path }

    /// Largest key store read, in bytes.
    static let maxSize = 64 * 1024 * 1024

    public func read() throws -> KeyStoreContents? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw ioError("open", code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("stat", errno) }
        guard Int(info.st_size) <= Self.maxSize else {
            throw PrivacyError(.privacyKeyStoreDamaged, "\(path) is larger than \(Self.maxSize) bytes; not a key store")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + done }, $0.count - done, off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("read", errno)
            }
            if n == 0 { break }
            done += n
        }
        return try KeyStoreContents(decoding: Array(bytes[0..<done]), location: path)
    }

    public func write(_ contents: KeyStoreContents) throws {
        let bytes = contents.encoded
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError("create \(temporary) for", errno) }
        do {
            guard fchmod(fd, 0o600) == 0 else { throw ioError("chmod", errno) }
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress.map { $0 + done }, $0.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError("write", errno)
                }
                done += n
            }
            guard fsync(fd) == 0 else { throw ioError("fsync", errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ioError("rename over", code)
        }
        try syncDirectory()
    }

    public func withLock<R>(_ body: () throws -> R) throws -> R {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError("open the lock file of", errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ioError("lock", errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    private func syncDirectory() throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open the directory of", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ioError("fsync the directory of", errno) }
    }

    private func ioError(_ operation: String, _ code: Int32) -> PrivacyError {
        let text = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return PrivacyError(.privacyKeyStoreIO, "could not \(operation) the key store \(path): \(text)")
    }
}

/// `write(2)`, named apart from `FileKeyStore.write(_:)`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
