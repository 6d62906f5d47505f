import ArgumentParser
import Foundation
import GovernanceService
import Ledger
import Logging
import Server

/// `tierledger serve`: parse the flags and environment, open the ledger, run the server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a ledger over HTTP: checkpoints, proofs and tiles for anyone, records for staff and customers, signed-entry appends.",
        discussion: """
            Open to anyone: /checkpoint, /head, /proof/inclusion, /proof/consistency, hash tiles (/tile/…), \
            /healthz, /readyz, /metrics. Staff sign their requests with their enrolled key (RFC 9421; \
            `tierledger fetch PATH --server URL --key KEY` does it) to read entries, changes, pending approvals, \
            tokens and the verify result; customers send a bearer token (`tierledger token issue`) and read \
            their own licenses, usage, SLA record and history, never another customer's. POST /entries admits \
            entries built and signed by the client (`tierledger append --server URL`); the server holds no \
            private key. Serve plain HTTP on loopback and put a TLS-terminating reverse proxy in front (docs/server.md).

            Customers open the portal at /portal and sign in with their token; staff get a one-time \
            sign-in link from `tierledger portal sign-in --server URL --key KEY` (docs/portal.md). \
            Behind TLS, add --secure-cookies.

            Every flag falls back to an environment variable: TIERLEDGER_LISTEN, TIERLEDGER_MAX_BODY_BYTES, \
            TIERLEDGER_MAX_BATCH, TIERLEDGER_MAX_PAGE, TIERLEDGER_IDLE_TIMEOUT, TIERLEDGER_READ_TIMEOUT, \
            TIERLEDGER_STORE_THREADS, TIERLEDGER_STORE_QUEUE, TIERLEDGER_RATE_PER_ADDRESS, \
            TIERLEDGER_RATE_PER_CREDENTIAL, TIERLEDGER_PUBLIC_ENTRIES, TIERLEDGER_SECURE_COOKIES. SIGTERM or SIGINT stops it gracefully.

            Examples:
              tierledger serve --ledger ledger-samples/acme/ledger --listen 127.0.0.1:8080
              tierledger serve --listen 127.0.0.1:0 --max-batch 100

            Exit status: 0 after a graceful shutdown, 2 usage or input error (a flag, no ledger, an address in use).
            """
    )

    @OptionGroup var location: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("HOST:PORT to listen on (default: $TIERLEDGER_LISTEN, else 127.0.0.1:8080; port 0 picks a free one).",
                                            valueName: "host:port"))
    var listen: String?

    @Option(name: .long, help: ArgumentHelp("Largest request body in bytes (default 8388608).", valueName: "bytes"))
    var maxBodyBytes: Int?

    @Option(name: .long, help: ArgumentHelp("Most entries in one POST /entries (default 1000).", valueName: "n"))
    var maxBatch: Int?

    @Option(name: .long, help: ArgumentHelp("Most entries in one page of GET /entries (default 1000).", valueName: "n"))
    var maxPage: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds before an idle connection is closed (default 60).", valueName: "seconds"))
    var idleTimeout: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds a client has to send a request body (default 30).", valueName: "seconds"))
    var readTimeout: Int?

    @Option(name: .long, help: ArgumentHelp("Threads that run store calls (default 4).", valueName: "n"))
    var storeThreads: Int?

    @Option(name: .long, help: ArgumentHelp("Store calls running or waiting at once before 503 (default 256).", valueName: "n"))
    var storeQueue: Int?

    @Option(name: .long, help: ArgumentHelp("Requests per second one address may make, bursts of twice that (default 200; 0: no limit).",
                                            valueName: "n"))
    var ratePerAddress: Int?

    @Option(name: .long, help: ArgumentHelp("Requests per second one token or staff key may make, bursts of twice that (default 50; 0: no limit).",
                                            valueName: "n"))
    var ratePerCredential: Int?

    @Option(name: .long, help: ArgumentHelp("Private key of an enrolled principal with the role activator: products may then activate machines (docs/licensing.md).",
                                            valueName: "file"), completion: .file())
    var activationKey: String?

    @Option(name: .long, help: ArgumentHelp("Private key of an enrolled principal with the role intake: customers may then ask for upgrades, seats and add-ons (docs/licensing.md).",
                                            valueName: "file"), completion: .file())
    var intakeKey: String?

    @Option(name: .long, help: ArgumentHelp("Seconds a floating activation's lease lasts without a heartbeat (default 900).", valueName: "seconds"))
    var leaseSeconds: Int?

    @Flag(name: .long, help: "Open entry lines (/entries, /tile/entries/…) to anyone, as a fully public log (default: $TIERLEDGER_PUBLIC_ENTRIES=1, else staff only).")
    var publicEntries = false

    @Flag(name: .long, help: "Mark the portal's cookies Secure, for browsers that reach the server over TLS (default: $TIERLEDGER_SECURE_COOKIES=1).")
    var secureCookies = false

    func run() throws {
        var configuration = try makeConfiguration()
        let service = GovernanceService(store: try location.open())
        if let activationKey {
            let key = try SigningKeyOptions.load(activationKey, passphraseFile: nil)
            let state = try service.state()
            guard case let .success((principal, _)) = state.staffKey(key.publicKey.id, at: EntryTime.now()), principal.roles.contains(.activator) else {
                throw CLIError("--activation-key \(activationKey) is not the current key of an enrolled principal with the role activator; "
                    + "enrol one: `tierledger principal enroll activations --role activator --public-key KEY.pub --key admin.pem`", code: .governanceNotAllowed)
            }
            configuration.activationKey = key
        }
        if let intakeKey {
            let key = try SigningKeyOptions.load(intakeKey, passphraseFile: nil)
            let state = try service.state()
            guard case let .success((principal, _)) = state.staffKey(key.publicKey.id, at: EntryTime.now()), principal.roles.contains(.intake) else {
                throw CLIError("--intake-key \(intakeKey) is not the current key of an enrolled principal with the role intake; "
                    + "enrol one: `tierledger principal enroll requests --role intake --public-key KEY.pub --key admin.pem`", code: .governanceNotAllowed)
            }
            configuration.intakeKey = key
        }
        var logger = Logger(label: "tierledger.serve") { _ in ConsoleLogHandler() }
        logger.logLevel = .info
        let server = LedgerServer(service: service, configuration: configuration, logger: logger)
        let host = configuration.host
        try BlockingTask.run {
            try await server.run(onListening: { port in
                Console.note("tierledger serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
            })
        }
    }

    private func makeConfiguration() throws -> ServerConfiguration {
        do {
            let listenText = listen ?? ProcessInfo.processInfo.environment["TIERLEDGER_LISTEN"] ?? "127.0.0.1:8080"
            let (host, port) = try ServerConfiguration.parseListen(listenText)
            let limits = ServerLimits(
                maxBodyBytes: try ServerConfiguration.integer(maxBodyBytes, "TIERLEDGER_MAX_BODY_BYTES", 8 << 20, in: 1_024...(1 << 30)),
                maxBatchEntries: try ServerConfiguration.integer(maxBatch, "TIERLEDGER_MAX_BATCH", 1_000, in: 1...100_000),
                maxPageSize: try ServerConfiguration.integer(maxPage, "TIERLEDGER_MAX_PAGE", 1_000, in: 1...100_000),
                idleTimeoutSeconds: try ServerConfiguration.integer(idleTimeout, "TIERLEDGER_IDLE_TIMEOUT", 60, in: 1...86_400),
                readTimeoutSeconds: try ServerConfiguration.integer(readTimeout, "TIERLEDGER_READ_TIMEOUT", 30, in: 1...3_600),
                maxQueuedStoreCalls: try ServerConfiguration.integer(storeQueue, "TIERLEDGER_STORE_QUEUE", 256, in: 1...100_000),
                requestsPerAddress: try ServerConfiguration.integer(ratePerAddress, "TIERLEDGER_RATE_PER_ADDRESS", 200, in: 0...1_000_000),
                requestsPerCredential: try ServerConfiguration.integer(ratePerCredential, "TIERLEDGER_RATE_PER_CREDENTIAL", 50, in: 0...1_000_000)
            )
            let threads = try ServerConfiguration.integer(storeThreads, "TIERLEDGER_STORE_THREADS", 4, in: 1...256)
            let lease = try ServerConfiguration.integer(leaseSeconds, "TIERLEDGER_LEASE_SECONDS", 900, in: 1...86_400 * 30)
            let open = publicEntries || ProcessInfo.processInfo.environment["TIERLEDGER_PUBLIC_ENTRIES"] == "1"
            var configuration = ServerConfiguration(host: host, port: port, limits: limits, storeThreads: threads, publicEntries: open, leaseSeconds: lease)
            configuration.secureCookies = secureCookies || ProcessInfo.processInfo.environment["TIERLEDGER_SECURE_COOKIES"] == "1"
            return configuration
        } catch let error as ConfigurationError {
            throw CLIError(error.description)
        }
    }
}
