import GovernanceService
import Hummingbird
import Ledger
import LedgerCrypto
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// `tierledger serve`: the HTTP front end over one governed ledger (Hummingbird 2).
///
/// It holds a `GovernanceService` and runs every store and governance call on one bounded thread
/// pool of its own (`StorePool`), never on an event loop. It answers `/healthz` at once and
/// `/readyz` once the governance state is replayed; it logs one line per request (no header,
/// query or body), exports metrics at `/metrics`, and shuts down gracefully on SIGTERM and SIGINT.
public struct LedgerServer: Sendable {
    public let service: GovernanceService
    public let configuration: ServerConfiguration
    public let logger: Logger

    public init(service: GovernanceService, configuration: ServerConfiguration, logger: Logger) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    /// Every route the server answers, in the order they are added.
    public static func routes(configuration: ServerConfiguration = ServerConfiguration(), service: GovernanceService) -> [Route] {
        let pool = StorePool(threads: 1, maxQueued: 1)
        return makeRouteBook(service: service, pool: pool, readiness: Readiness(), limits: configuration.limits,
                             publicEntries: configuration.publicEntries, activationKey: configuration.activationKey, leaseSeconds: configuration.leaseSeconds,
                             intakeKey: configuration.intakeKey).routes
    }

    /// The customer portal's routes (`/portal/…`): HTML pages, not part of the JSON API or docs/openapi.yaml.
    public static func portalRoutes(configuration: ServerConfiguration = ServerConfiguration(), service: GovernanceService) -> [Route] {
        let pool = StorePool(threads: 1, maxQueued: 1)
        return makeRouteBook(service: service, pool: pool, readiness: Readiness(), limits: configuration.limits,
                             publicEntries: configuration.publicEntries).portalRoutes
    }

    /// Serves until SIGTERM or SIGINT arrives (with `stopOnSignals`) or the task is cancelled;
    /// `onListening` hears the port once the server accepts connections.
    public func run(stopOnSignals: Bool = true,
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        _ = ServerMetrics.registry
        let pool = StorePool(threads: configuration.storeThreads, maxQueued: configuration.limits.maxQueuedStoreCalls)
        pool.start()
        let readiness = Readiness()
        let book = Self.makeRouteBook(service: service, pool: pool, readiness: readiness, limits: configuration.limits,
                                      publicEntries: configuration.publicEntries,
                                      activationKey: configuration.activationKey, leaseSeconds: configuration.leaseSeconds,
                                      secureCookies: configuration.secureCookies, intakeKey: configuration.intakeKey)
        let service = self.service, logger = self.logger
        let idle = TimeAmount.seconds(Int64(configuration.limits.idleTimeoutSeconds))
        let app = Application(
            router: book.router,
            server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "tierledger"),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let replay = Task {
            do {
                _ = try await pool.run { try service.state() }
                // A ledger copied or restored without its node cache gets one, or every proof would hash every entry.
                if let file = service.store as? FileLedger {
                    _ = try await pool.run { file.warmTreeCache() }
                }
                readiness.set(.ready)
                logger.info("ready", metadata: ["ledger": "\(LogText.escaped(service.store.location))"])
            } catch {
                readiness.set(.failed(String(describing: ErrorMapping.apiError(for: error).message)))
                logger.error("replay failed", metadata: ["error": "\(LogText.escaped(String(describing: error)))"])
            }
        }
        do {
            try await app.runService(gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [])
        } catch {
            replay.cancel()
            try? await pool.shutdown()
            throw error
        }
        replay.cancel()
        try await pool.shutdown()
    }

    static func makeRouteBook(service: GovernanceService, pool: StorePool, readiness: Readiness, limits: ServerLimits,
                              publicEntries: Bool, activationKey: PrivateKey? = nil, leaseSeconds: Int = 900,
                              secureCookies: Bool = false, intakeKey: PrivateKey? = nil) -> RouteBook {
        let router = Router(context: ServerContext.self)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(perSecond: limits.requestsPerAddress, burst: 2 * limits.requestsPerAddress)))
        let gate = Gate(service: service, pool: pool,
                        limiter: RateLimiter(perSecond: limits.requestsPerCredential, burst: 2 * limits.requestsPerCredential))
        let book = RouteBook(router: router, gate: gate)
        let table = NIOLockedValueBox<[Route]>([])
        router.add(middleware: MethodMiddleware(routes: table))
        HealthRoutes(readiness: readiness).register(on: book)
        let reader = ProofReader(store: service.store)
        TransparencyRoutes(store: service.store, reader: reader, pool: pool, limits: limits, gate: gate, publicEntries: publicEntries).register(on: book)
        TileRoutes(reader: reader, pool: pool, gate: gate, publicEntries: publicEntries).register(on: book)
        SignedEntryRoutes(service: service, pool: pool, limits: limits).register(on: book)
        CustomerRoutes(service: service, pool: pool).register(on: book)
        StaffRoutes(service: service, pool: pool).register(on: book)
        ActivationRoutes(service: service, pool: pool, limits: limits, key: activationKey, leases: Leases(seconds: leaseSeconds)).register(on: book)
        let desk = CustomerRequestDesk(service: service, intakeKey: intakeKey)
        CustomerRequestRoutes(desk: desk, pool: pool, limits: limits).register(on: book)
        let portal = Portal(service: service, pool: pool, sessions: PortalSessions(), limits: limits, secureCookies: secureCookies, desk: desk)
        book.portalRoutes = portal.register(on: router)
        table.withLockedValue { $0 = book.routes + book.portalRoutes }
        return book
    }
}
