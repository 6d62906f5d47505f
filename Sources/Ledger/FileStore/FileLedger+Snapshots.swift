#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The file store keeps state snapshots as `snapshots/<size>.state` (docs/format.md §1), each
/// written to a temporary file, fsync'd and renamed into place.
extension FileLedger: SnapshotStore {
    public func saveSnapshot(_ bytes: [UInt8], size: Int) throws -> String {
        if mkdir(paths.snapshots, 0o750) != 0 && errno != EEXIST {
            throw LedgerError.io(path: paths.snapshots, operation: "mkdir", errno: errno)
        }
        let path = paths.snapshots + "/\(size).state"
        try OutputFile.replaceAtomically(path, contents: bytes)
        return path
    }

    public func snapshot(size: Int) throws -> [UInt8]? {
        FileManager.default.contents(atPath: paths.snapshots + "/\(size).state").map { [UInt8]($0) }
    }
}
