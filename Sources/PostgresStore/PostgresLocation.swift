import Foundation

/// Where a PostgreSQL ledger is: `postgres://USER@HOST:PORT/DATABASE?ledger=NAME`.
///
/// The password comes from `PGPASSWORD` (or, discouraged, the URL) and is never part of
/// `description`, which is what messages print. `?host=/path` connects over the Unix socket in
/// that directory instead of TCP.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public let user: String
    public let password: String?
    public let host: String
    public let port: Int
    public let database: String
    /// The ledger's name among the ledgers the database holds.
    public let ledger: String
    /// A directory holding the server's Unix socket, used instead of `host` and `port` when set.
    public let socketDirectory: String?

    /// True when `text` is meant as a PostgreSQL URL rather than a directory.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(user: String, password: String? = nil, host: String = "127.0.0.1", port: Int = 5432, database: String,
                ledger: String, socketDirectory: String? = nil) throws {
        guard PostgresLocation.isValidName(ledger) else {
            throw PostgresStoreError.badURL(url: "ledger=\(ledger)", reason: "a ledger name is 1-64 letters, digits, '.', '_' or '-'")
        }
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.ledger = ledger
        self.socketDirectory = socketDirectory
    }

    /// Parses a URL; the password, when the URL has none, comes from `PGPASSWORD` in `environment`.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let shown = PostgresLocation.withoutPassword(url)
        guard PostgresLocation.isURL(url), let parts = URLComponents(string: url) else {
            throw PostgresStoreError.badURL(url: shown, reason: "not a postgres:// URL")
        }
        let items = parts.queryItems ?? []
        func item(_ name: String) -> String? { items.first { $0.name == name }?.value }
        for unknown in items.map(\.name) where !["ledger", "host", "sslmode"].contains(unknown) {
            throw PostgresStoreError.badURL(url: shown, reason: "unknown parameter \"\(unknown)\" (known: ledger, host)")
        }
        if let mode = item("sslmode"), mode != "disable" {
            throw PostgresStoreError.badURL(url: shown, reason: "sslmode=\(mode) is not supported yet; connect over "
                + "loopback, a Unix socket (?host=/path) or a tunnel, with sslmode=disable")
        }
        guard let ledger = item("ledger"), !ledger.isEmpty else {
            throw PostgresStoreError.badURL(url: shown, reason: "it names no ledger (add ?ledger=NAME)")
        }
        guard let user = parts.user, !user.isEmpty else {
            throw PostgresStoreError.badURL(url: shown, reason: "it names no user (postgres://USER@HOST/...)")
        }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.badURL(url: shown, reason: "it names no database (postgres://USER@HOST/DATABASE)")
        }
        let socket = item("host").flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard socket != nil || !(parts.host ?? "").isEmpty else {
            throw PostgresStoreError.badURL(url: shown, reason: "it names no host")
        }
        do {
            try self.init(user: user, password: parts.password ?? environment["PGPASSWORD"], host: parts.host ?? "",
                          port: parts.port ?? 5432, database: database, ledger: ledger, socketDirectory: socket)
        } catch {
            throw PostgresStoreError.badURL(url: shown, reason: "the ledger name must be 1-64 letters, digits, '.', '_' or '-'")
        }
    }

    /// The URL without the password: what messages and `LedgerStore.location` show.
    public var description: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)?ledger=\(ledger)"
        if let socketDirectory { text += "&host=\(socketDirectory)" }
        return text
    }

    /// The same ledger under another name in the same database.
    public func named(_ ledger: String) throws -> PostgresLocation {
        try PostgresLocation(user: user, password: password, host: host, port: port, database: database, ledger: ledger,
                             socketDirectory: socketDirectory)
    }

    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return !bytes.isEmpty && bytes.count <= 64 && bytes.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }

    /// `url` with any password replaced by `***`, for messages about a URL that did not parse.
    static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
