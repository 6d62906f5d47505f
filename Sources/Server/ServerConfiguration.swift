import Foundation
import LedgerCrypto

/// How `tierledger serve` runs: where it listens, its limits and its store thread pool. Built from
/// flags, with the environment (`TIERLEDGER_LISTEN`, `TIERLEDGER_MAX_BODY_BYTES`, …) as the fallback.
public struct ServerConfiguration: Sendable {
    /// The address to bind, e.g. 127.0.0.1 (a reverse proxy in front terminates TLS).
    public var host: String
    /// The port to bind; 0 picks a free one (the server reports it once listening).
    public var port: Int
    /// Request and response bounds.
    public var limits: ServerLimits
    /// Threads of the one pool that runs every store and governance call.
    public var storeThreads: Int
    /// Whether entry lines (`GET /entries`, `/tile/entries/…`) are open to anyone, as in a fully
    /// public log; by default only staff read them, since they name customers and their terms.
    /// Checkpoints, proofs and hash tiles are always open: they hold hashes only.
    public var publicEntries: Bool
    /// The activation key (an enrolled principal with the role `activator`): with it, products
    /// activate machines through the server; without it, the activation routes answer 404.
    public var activationKey: PrivateKey?
    /// Seconds a floating lease lasts without a heartbeat.
    public var leaseSeconds: Int
    /// Whether the portal marks its cookies `Secure`: set it when browsers reach the server over
    /// TLS (a reverse proxy that terminates it), so a cookie never travels in the clear.
    public var secureCookies = false
    /// The intake key (an enrolled principal with the role `intake`): with it, customers ask for
    /// upgrades, seats and add-ons through the server; without it, filing a request answers 404.
    public var intakeKey: PrivateKey?

    public init(host: String = "127.0.0.1", port: Int = 8080, limits: ServerLimits = ServerLimits(), storeThreads: Int = 4,
                publicEntries: Bool = false, activationKey: PrivateKey? = nil, leaseSeconds: Int = 900, intakeKey: PrivateKey? = nil) {
        self.activationKey = activationKey
        self.intakeKey = intakeKey
        self.leaseSeconds = leaseSeconds
        self.host = host
        self.port = port
        self.limits = limits
        self.storeThreads = storeThreads
        self.publicEntries = publicEntries
    }

    /// Parses `HOST:PORT` (an IPv6 host in brackets: `[::1]:8080`).
    public static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ConfigurationError("--listen takes HOST:PORT, e.g. 127.0.0.1:8080; got \"\(text)\"")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ConfigurationError("--listen takes HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080; got \"\(text)\"")
        }
        return (host, port)
    }

    /// The environment variables the configuration reads, with what each sets.
    public static let environmentVariables: [(name: String, meaning: String)] = [
        ("TIERLEDGER_LISTEN", "HOST:PORT to listen on"),
        ("TIERLEDGER_MAX_BODY_BYTES", "largest request body"),
        ("TIERLEDGER_MAX_BATCH", "most entries in one POST /entries"),
        ("TIERLEDGER_MAX_PAGE", "most entries in one page of GET /entries"),
        ("TIERLEDGER_IDLE_TIMEOUT", "seconds before an idle connection is closed"),
        ("TIERLEDGER_READ_TIMEOUT", "seconds to receive a request body"),
        ("TIERLEDGER_STORE_THREADS", "threads that run store calls"),
        ("TIERLEDGER_STORE_QUEUE", "store calls waiting or running before 503"),
        ("TIERLEDGER_RATE_PER_ADDRESS", "requests per second per peer address (0: none)"),
        ("TIERLEDGER_RATE_PER_CREDENTIAL", "requests per second per token or staff key (0: none)"),
        ("TIERLEDGER_PUBLIC_ENTRIES", "1 opens entry lines to anyone"),
        ("TIERLEDGER_LEASE_SECONDS", "seconds a floating activation's lease lasts without a heartbeat"),
        ("TIERLEDGER_SECURE_COOKIES", "1 marks the portal's cookies Secure (browsers reach the server over TLS)"),
    ]

    /// An integer setting: the flag if given, else the environment variable, else `fallback`;
    /// refused outside `range`.
    public static func integer(_ flag: Int?, _ variable: String, _ fallback: Int, in range: ClosedRange<Int>,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int {
        let value: Int
        if let flag {
            value = flag
        } else if let text = environment[variable] {
            guard let parsed = Int(text) else { throw ConfigurationError("\(variable) must be an integer; got \"\(text)\"") }
            value = parsed
        } else {
            value = fallback
        }
        guard range.contains(value) else {
            throw ConfigurationError("\(variable) (or its flag) must be from \(range.lowerBound) to \(range.upperBound); got \(value)")
        }
        return value
    }
}

/// A setting that cannot be used; the message names it and the accepted form.
public struct ConfigurationError: CodedError, Sendable, CustomStringConvertible {
    public let description: String
    public var errorCode: ErrorCode { .serverConfiguration }
    public init(_ description: String) { self.description = description }
}
