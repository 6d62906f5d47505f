#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ledger's one-writer lock: an exclusive flock(2) on `writer.lock`, released when this object
/// goes away (or the process dies). The holder writes its pid and command into the file so that a
/// blocked writer can name it.
final class WriterLock {
    private let file: FileDescriptor

    /// How to behave when another process holds the lock.
    enum Mode {
        /// Fail at once with `LedgerError.locked` naming the holder.
        case noWait
        /// Wait; `onWait` is told the holder once, before waiting.
        case wait(onWait: (String) -> Void)
    }

    init(path: String, mode: Mode) throws {
        file = try FileDescriptor.open(path, O_RDWR | O_CREAT, mode: 0o644)
        if flock(file.fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { throw LedgerError.io(path: path, operation: "lock", errno: errno) }
            let holder = WriterLock.describeHolder(file)
            switch mode {
            case .noWait:
                throw LedgerError.locked(path: path, holder: holder)
            case let .wait(onWait):
                onWait(holder)
                while flock(file.fd, LOCK_EX) != 0 {
                    guard errno == EINTR else { throw LedgerError.io(path: path, operation: "lock", errno: errno) }
                }
            }
        }
        let note = "pid \(getpid()) (\(WriterLock.commandLine())) since \(EntryTime.now().rfc3339)\n"
        try file.truncate(to: 0)
        _ = try? file.writeAll(Array(note.utf8))
    }

    deinit {
        _ = try? file.truncate(to: 0)
        flock(file.fd, LOCK_UN)
    }

    /// True when some process holds the lock right now (checked without blocking anyone).
    static func isHeld(path: String) -> Bool {
        guard let probe = try? FileDescriptor.open(path, O_RDONLY) else { return false }
        if flock(probe.fd, LOCK_EX | LOCK_NB) == 0 {
            flock(probe.fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    private static func describeHolder(_ file: FileDescriptor) -> String {
        let text = (try? file.read(at: 0, count: 512)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "another process" : line
    }

    private static func commandLine() -> String {
        let args = CommandLine.arguments
        let name = args.first.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "tierledger"
        return ([name] + args.dropFirst().prefix(1)).joined(separator: " ")
    }
}
