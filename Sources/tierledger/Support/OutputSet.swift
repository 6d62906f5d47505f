#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif
import Ledger

/// Writing several user-named files that belong together (a report, its signature and the public
/// key that checks it): all of them or none.
///
/// Every path is checked before anything is written: never a symbolic link, never an existing file
/// unless `force`. Each file is then written and fsynced under a temporary name beside it; only when
/// every one is on disk are they renamed into place, and the directories fsynced. A failure before
/// the renames removes the temporary files, so no output appears; a rename that fails removes the
/// outputs already renamed that did not exist before.
enum OutputSet {
    struct File {
        let path: String
        let contents: [UInt8]
    }

    static func write(_ files: [File], force: Bool) throws {
        var existed: [Bool] = []
        for file in files {
            var info = stat()
            guard lstat(file.path, &info) == 0 else {
                existed.append(false)
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw LedgerError.invalidInput("\(file.path) is a symbolic link; name the file itself, outputs are never written through links (nothing was written)")
            }
            if !force {
                throw LedgerError.invalidInput("\(file.path) already exists; choose another name, or give --force to replace it (nothing was written)")
            }
            existed.append(true)
        }

        var temporaries: [String] = []
        do {
            for file in files {
                let temporary = file.path + ".tmp-\(getpid())"
                temporaries.append(temporary)
                try writeSynced(temporary, file.contents)
            }
        } catch {
            for temporary in temporaries { unlink(temporary) }
            throw error
        }

        for (index, file) in files.enumerated() where rename(temporaries[index], file.path) != 0 {
            let code = errno
            for later in temporaries[index...] { unlink(later) }
            for earlier in files.indices.prefix(index) where !existed[earlier] { unlink(files[earlier].path) }
            throw LedgerError.io(path: file.path, operation: "rename", errno: code)
        }
        for directory in Set(files.map { directoryOf($0.path) }) {
            let fd = open(directory, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                _ = fsync(fd)
                close(fd)
            }
        }
    }

    private static func writeSynced(_ path: String, _ contents: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LedgerError.io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var done = 0
        while done < contents.count {
            let n = contents.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return systemWrite(fd, base + done, raw.count - done)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw LedgerError.io(path: path, operation: "write", errno: n < 0 ? errno : EIO) }
            done += n
        }
        guard fsync(fd) == 0 else { throw LedgerError.io(path: path, operation: "fsync", errno: errno) }
    }

    private static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
