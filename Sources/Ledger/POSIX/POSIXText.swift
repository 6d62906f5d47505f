#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text for an errno value, with a hint where the remedy is well known.
enum POSIXText {
    static func message(_ code: Int32) -> String {
        let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        switch code {
        case ENOSPC: return "\(text) (free some disk space, then retry)"
        case EACCES, EPERM: return "\(text) (check the file's owner and mode: the writer needs to create and write files in the ledger directory)"
        case EROFS: return "\(text) (the ledger is on a read-only file system: readers such as verify, log and report work; to write, remount it read-write or copy the ledger)"
        default: return text
        }
    }
}
