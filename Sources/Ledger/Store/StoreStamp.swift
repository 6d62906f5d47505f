#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a long-lived reader (the server) compares to tell whether a store may have changed since it
/// last looked, for the price of a few `stat` calls: the identity, size and modification and change
/// times of the files a store's reads depend on. Equal stamps mean the same files, unchanged,
/// unless a change fell in the same tick of the file system's clock as the newest time the stamp
/// holds: so what was read under a stamp is kept only once that time lies `settleSeconds` before
/// the moment the stamp was taken (`isSettled`), as git treats its index for the same reason.
public struct StoreStamp: Sendable, Equatable {
    /// Seconds the newest time in a stamp must lie in the past before the stamp is trusted to show
    /// every later change: well above the tick of a local file system's clock.
    public static let settleSeconds = 1.0

    /// The parts compared, in the store's own order.
    public let parts: [Int64]
    /// The newest modification or change time among the parts, and when the stamp was taken
    /// (seconds since 1970).
    public let newest: Double
    public let takenAt: Double

    public init(parts: [Int64], newest: Double, takenAt: Double) {
        self.parts = parts
        self.newest = newest
        self.takenAt = takenAt
    }

    /// True when a change after the stamp was taken cannot leave it as it is: its newest time lies
    /// at least `seconds` before the moment it was taken.
    public func isSettled(after seconds: Double = settleSeconds) -> Bool { takenAt - newest >= seconds }

    public static func == (a: StoreStamp, b: StoreStamp) -> Bool { a.parts == b.parts }

    /// The stamp of `paths` as `stat(2)` sees them now (a missing file is a part of its own); nil
    /// when one cannot be examined for another reason.
    static func of(_ paths: [String]) -> StoreStamp? {
        var parts: [Int64] = []
        parts.reserveCapacity(paths.count * 7)
        var newest = 0.0
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                guard errno == ENOENT else { return nil }
                parts.append(-1)
                continue
            }
            #if canImport(Glibc)
            let modified = info.st_mtim, changed = info.st_ctim
            #else
            let modified = info.st_mtimespec, changed = info.st_ctimespec
            #endif
            parts += [Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size),
                      Int64(modified.tv_sec), Int64(modified.tv_nsec), Int64(changed.tv_sec), Int64(changed.tv_nsec)]
            newest = max(newest, Double(changed.tv_sec) + Double(changed.tv_nsec) / 1e9, Double(modified.tv_sec) + Double(modified.tv_nsec) / 1e9)
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return StoreStamp(parts: parts, newest: newest, takenAt: Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
    }
}
