#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two system calls that make an append durable, behind a seam so that tests can make them
/// fail: short writes, `ENOSPC` or `EIO` on write, a failing `fsync`. Every store write goes
/// through it; production code uses `SystemIO`.
public protocol StoreIO: Sendable {
    /// Writes up to `count` bytes; returns how many were written, or a negative errno.
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
    /// Flushes the file to stable storage; returns 0, or a negative errno.
    func fsync(_ fd: Int32) -> Int32
}

/// The real system calls.
public struct SystemIO: StoreIO {
    public init() {}

    public func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        let n = Glibc_write(fd, buffer, count)
        return n < 0 ? -Int(errno) : n
    }

    public func fsync(_ fd: Int32) -> Int32 {
        Glibc_fsync(fd) == 0 ? 0 : -errno
    }
}

@inline(__always) private func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

@inline(__always) private func Glibc_fsync(_ fd: Int32) -> Int32 {
    fsync(fd)
}
