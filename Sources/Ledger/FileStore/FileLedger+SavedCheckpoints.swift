#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The file store keeps checkpoints as `checkpoints/<size>.checkpoint` (docs/format.md §1).
extension FileLedger {
    public func saveCheckpoint(_ note: [UInt8], size: Int) throws -> String {
        if mkdir(paths.checkpoints, 0o750) != 0 && errno != EEXIST {
            throw LedgerError.io(path: paths.checkpoints, operation: "mkdir", errno: errno)
        }
        let path = paths.checkpoints + "/\(size).checkpoint"
        try OutputFile.replaceAtomically(path, contents: note)
        return path
    }

    public func savedCheckpoints() throws -> [SavedCheckpoint] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.checkpoints)) ?? []
        let sizes = names.compactMap { name -> Int? in
            guard name.hasSuffix(".checkpoint"), let size = Int(name.dropLast(".checkpoint".count)), size >= 0 else { return nil }
            return String(size) + ".checkpoint" == name ? size : nil
        }.sorted(by: >)
        return sizes.compactMap { size in
            FileManager.default.contents(atPath: paths.checkpoints + "/\(size).checkpoint").map {
                SavedCheckpoint(size: size, name: "checkpoints/\(size).checkpoint", note: [UInt8]($0))
            }
        }
    }
}
