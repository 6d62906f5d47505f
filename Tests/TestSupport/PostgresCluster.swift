#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, a server on
/// 127.0.0.1 and a free port with its socket in that directory, stopped and removed when the test
/// process exits (or `stop()` is called).
///
/// initdb and postgres refuse to run as root; as root, the cluster runs as the unprivileged
/// `postgres` user (which Debian's package creates) through `runuser`, in a directory it owns.
public final class PostgresCluster: Sendable {
    public let directory: String
    public let port: Int
    public let binDirectory: String
    /// The OS user the server runs as (nil: this process's own user).
    public let osUser: String?
    /// The database superuser tests connect as (trust authentication on loopback).
    public let superuser = "postgres"
    /// Whether the server syncs its writes (off for tests, on for measurements).
    public let fsync: Bool

    /// Starts a cluster; `fsync: false` for tests that do not crash the machine (an immediate stop
    /// loses nothing the OS has), true for measurements.
    public init(fsync: Bool = false) throws {
        self.fsync = fsync
        binDirectory = try PostgresCluster.findBinaries()
        osUser = getuid() == 0 ? (ProcessInfo.processInfo.environment["TIERLEDGER_PG_USER"] ?? "postgres") : nil
        let base = NSTemporaryDirectory() + "tierledger-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        directory = base
        if let osUser {
            guard PostgresCluster.spawnAndWait(["chown", osUser, base]) == 0 else {
                try? FileManager.default.removeItem(atPath: base)
                throw PostgresClusterError("cannot give \(base) to the user \(osUser); "
                    + "initdb refuses root, so the cluster needs an unprivileged user: install the postgresql package, "
                    + "which creates one, or set TIERLEDGER_PG_USER")
            }
        }
        port = try PostgresCluster.freePort()
        do {
            try run("initdb", ["-D", base + "/data", "-U", superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            try start()
        } catch {
            let log = (try? String(contentsOfFile: base + "/server.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: base)
            throw PostgresClusterError("\(error)" + (log.isEmpty ? "" : "; server log: " + log.suffix(800)))
        }
    }

    /// A `postgres://` URL for `ledger` in the cluster's `postgres` database, as the superuser.
    public func url(ledger: String) -> String {
        "postgres://\(superuser)@127.0.0.1:\(port)/postgres?ledger=\(ledger)"
    }

    /// Runs SQL through psql as the superuser; fails on the first error.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        let result = try ProcessRunner.run(binDirectory + "/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                                                    "-p", String(port), "-U", superuser, "-d", "postgres", "-c", sql])
        guard result.status == 0 else { throw PostgresClusterError("psql: \(result.stderr.trimmed)") }
        return result.stdout.trimmed
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m immediate`).
    public func crash() throws {
        try run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
    }

    /// Starts the server again after `crash()` (crash recovery runs first).
    public func restart() throws {
        try start()
    }

    private func start() throws {
        var options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=200"
        if !fsync { options += " -c fsync=off -c full_page_writes=off" }
        try run("pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-o", options, "-w", "-t", "60", "start"])
    }

    /// Stops the server and removes the cluster. Safe at exit: it spawns and waits for pg_ctl
    /// directly, since Foundation's `Process` is not notified of children once the process exits.
    public func stop() {
        let stop = [binDirectory + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-s", "-w", "stop"]
        _ = PostgresCluster.spawnAndWait(osUser.map { ["runuser", "-u", $0, "--"] + stop } ?? stop)
        _ = PostgresCluster.spawnAndWait(["rm", "-rf", directory])
    }

    /// Runs a program (looked up on PATH) and waits for it; its exit status, or -1.
    static func spawnAndWait(_ arguments: [String], output: String = "/dev/null") -> Int32 {
        guard let program = arguments.first else { return -1 }
        var pid = pid_t()
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        guard posix_spawnp(&pid, program, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    /// Runs one of the server's programs as the cluster's user, its output to a file in the cluster.
    /// (Through posix_spawn rather than Foundation's `Process`, which can miss a child's exit while a
    /// test process is still starting up, or after it began exiting.)
    private func run(_ program: String, _ arguments: [String]) throws {
        let path = binDirectory + "/" + program
        let output = directory + "/\(program).out"
        let status = PostgresCluster.spawnAndWait(osUser.map { ["runuser", "-u", $0, "--", path] + arguments } ?? [path] + arguments,
                                                  output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw PostgresClusterError("\(program) failed (wait status \(status)): \(text.trimmed)")
        }
    }

    /// The server's programs: $TIERLEDGER_PG_BIN, the newest /usr/lib/postgresql/N/bin, or PATH.
    static func findBinaries() throws -> String {
        let manager = FileManager.default
        if let given = ProcessInfo.processInfo.environment["TIERLEDGER_PG_BIN"] { return given }
        let versions = ((try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() where manager.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/postgres") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where manager.isExecutableFile(atPath: "\(directory)/initdb") && manager.isExecutableFile(atPath: "\(directory)/postgres") {
            return String(directory)
        }
        throw PostgresClusterError("no PostgreSQL server programs (initdb, postgres) in /usr/lib/postgresql/*/bin or on PATH; "
            + "install them with `sh scripts/ensure-postgres.sh` (Debian's postgresql package), or set TIERLEDGER_PG_BIN")
    }

    /// A port on 127.0.0.1 nothing listens on now.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw PostgresClusterError("socket() failed: errno \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socketFD, raw, length) == 0 && getsockname(socketFD, raw, &length) == 0
            }
        }
        guard bound else { throw PostgresClusterError("cannot find a free port on 127.0.0.1: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why a throwaway cluster could not be started.
public struct PostgresClusterError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The one cluster a test process shares, started on first use and removed at exit.
///
/// Without PostgreSQL the tests that need it skip, saying why; with `TIERLEDGER_REQUIRE_POSTGRES=1`
/// (which `make test`, and so CI, sets) they fail instead.
public enum PostgresTestServer {
    /// True when a test that cannot start its server must fail rather than skip.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["TIERLEDGER_REQUIRE_POSTGRES"] == "1" }

    /// The cluster, or why there is none.
    public static let shared: Result<PostgresCluster, PostgresClusterError> = {
        do {
            let cluster = try PostgresCluster()
            started = cluster
            atexit { PostgresTestServer.started?.stop() }
            return .success(cluster)
        } catch let error as PostgresClusterError {
            return .failure(error)
        } catch {
            return .failure(PostgresClusterError("\(error)"))
        }
    }()

    nonisolated(unsafe) private static var started: PostgresCluster?

    /// Whether PostgreSQL tests run: when a cluster started, or when they are required (and then fail).
    public static var shouldRun: Bool {
        if isRequired { return true }
        if case .success = shared { return true }
        return false
    }

    /// Why PostgreSQL tests are skipped, for `.enabled(if:_:)`.
    public static var skipReason: String {
        if case let .failure(error) = shared {
            return "PostgreSQL tests skipped (set TIERLEDGER_REQUIRE_POSTGRES=1 to fail instead): \(error)"
        }
        return "PostgreSQL is available"
    }

    /// The cluster, or the error that says why it could not start.
    public static func cluster() throws -> PostgresCluster {
        try shared.get()
    }

    /// A URL for a new, uniquely named ledger in the shared cluster.
    public static func newLedgerURL(_ label: String = "t") throws -> String {
        try cluster().url(ledger: "\(label)-\(UUID().uuidString.prefix(12).lowercased())")
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
