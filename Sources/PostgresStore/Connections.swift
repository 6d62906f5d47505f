import Foundation
import PostgresNIO

/// The store's connections to its server, and the bridge from postgres-nio's futures to the
/// synchronous `LedgerStore` calls.
///
/// Every call blocks the calling thread until the server answers (`EventLoopFuture.wait()`), so
/// store calls must never be made on an event loop (SwiftNIO traps if one is). Connections run on
/// `MultiThreadedEventLoopGroup.singleton`. Idle connections are kept for reuse; a connection that
/// saw any error is closed rather than reused, since its session state is unknown.
final class Connections: @unchecked Sendable {
    let location: PostgresLocation
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var sent = 0
    private static let keptIdle = 8

    static let logger: Logger = {
        var logger = Logger(label: "tierledger.postgres")
        logger.logLevel = .critical
        return logger
    }()

    init(location: PostgresLocation) {
        self.location = location
    }

    deinit {
        for connection in idle { connection.closeQuietly() }
    }

    /// A new connection of its own, outside the pool (a writer's, which holds the writer lock).
    func connect() throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if let directory = location.socketDirectory {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: directory + "/.s.PGSQL.\(location.port)", username: location.user,
                password: location.password, database: location.database)
        } else {
            configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable)
        }
        configuration.options.additionalStartupParameters = [("application_name", Connections.applicationName)]
        let id = lock.withLock { () -> Int in
            opened += 1
            return opened
        }
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: id, logger: Connections.logger).wait()
        } catch {
            throw PostgresStoreError.connection(location: location.description, reason: Connections.describe(error))
        }
    }

    /// Runs `body` on an idle connection (or a new one), then keeps the connection for the next call
    /// unless `body` threw.
    func withConnection<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        let connection = try take()
        do {
            let result = try body(connection)
            give(connection)
            return result
        } catch {
            connection.closeQuietly()
            throw error
        }
    }

    func take() throws -> PostgresConnection {
        if let connection = lock.withLock({ idle.popLast() }), !connection.isClosed { return connection }
        return try connect()
    }

    func give(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        let kept = lock.withLock { () -> Bool in
            guard idle.count < Connections.keptIdle else { return false }
            idle.append(connection)
            return true
        }
        if !kept { connection.closeQuietly() }
    }

    /// Statements sent to the server so far, each one round trip: what tests and `make bench` count.
    var statementsSent: Int { lock.withLock { sent } }

    /// Counts one statement sent (`statementsSent`).
    func countStatement() {
        lock.withLock { sent += 1 }
    }

    /// Runs one statement and collects its rows; `what` names it in the error, and `states` maps
    /// SQLSTATEs the caller expects to errors of its own.
    func run(_ query: PostgresQuery, on connection: PostgresConnection, _ what: String,
             states: [String: any Error] = [:]) throws -> PostgresQueryResult {
        countStatement()
        do {
            return try wait(for: connection.query(query, logger: Connections.logger), on: connection)
        } catch {
            if let state = Connections.sqlState(error), let mapped = states[state] { throw mapped }
            throw failure(error, what)
        }
    }

    /// Waits for `future`, an answer on `connection`, and fails if the connection closes first: a
    /// statement sent as the server went away may otherwise never be answered.
    func wait<T: Sendable>(for future: EventLoopFuture<T>, on connection: PostgresConnection) throws -> T {
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { _ in done.signal() }
        while done.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            if connection.isClosed, done.wait(timeout: .now() + .milliseconds(500)) == .timedOut {
                connection.closeQuietly()
                throw PostgresStoreError.connection(location: location.description, reason: "the server closed the connection "
                    + "before it answered (a restart or a crash); nothing unanswered was acknowledged")
            }
        }
        return try future.wait()
    }

    /// Runs one statement on a pooled connection.
    func run(_ query: PostgresQuery, _ what: String, states: [String: any Error] = [:]) throws -> PostgresQueryResult {
        try withConnection { try run(query, on: $0, what, states: states) }
    }

    func failure(_ error: any Error, _ what: String) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        return .query(location: location.description, statement: what, reason: Connections.describe(error))
    }

    /// The server's message and SQLSTATE, or what the client saw.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                return message + " (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// The SQLSTATE a server error carries, if it is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// How a session names itself in `pg_stat_activity`, and so in "locked by" messages.
    static let applicationName: String = {
        let host = ProcessInfo.processInfo.hostName
        return "tierledger pid \(getpid()) on \(host.isEmpty ? "localhost" : host)"
    }()
}

extension PostgresConnection {
    /// Starts closing the connection without waiting (safe on any thread, an event loop included).
    func closeQuietly() {
        let closing: EventLoopFuture<Void> = close()
        // Keeps the connection until it is closed: postgres-nio asserts that none goes away open.
        closing.whenComplete { _ in withExtendedLifetime(self) {} }
    }

    /// Closes the connection and waits for it (never on an event loop).
    func closeAndWait() {
        let closing: EventLoopFuture<Void> = close()
        _ = try? closing.wait()
    }
}
