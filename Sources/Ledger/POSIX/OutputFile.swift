#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing user-named output files: never through a symbolic link, never over an existing file
/// unless asked, and always whole (a temporary file renamed into place).
public enum OutputFile {
    /// Writes `contents` to `path`. Without `force`, an existing file or link at `path` is an error.
    public static func write(_ path: String, contents: [UInt8], force: Bool) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw LedgerError.invalidInput("\(path) is a symbolic link; name the file itself, outputs are never written through links")
            }
            if !force { throw LedgerError.invalidInput("\(path) already exists; choose another name, or give --force to replace it") }
        }
        try replaceAtomically(path, contents: contents)
    }

    /// Writes to a temporary file beside `path`, fsyncs it, renames it over `path`, fsyncs the directory.
    public static func replaceAtomically(_ path: String, contents: [UInt8], mode: mode_t = 0o644) throws {
        let temporary = path + ".tmp-\(getpid())"
        let file = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode: mode)
        do {
            try file.writeAll(contents)
            try file.sync()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw LedgerError.io(path: path, operation: "rename", errno: code)
        }
        let slash = path.lastIndex(of: "/")
        try? FileDescriptor.syncDirectory(slash.map { String(path[..<$0]).isEmpty ? "/" : String(path[..<$0]) } ?? ".")
    }
}
