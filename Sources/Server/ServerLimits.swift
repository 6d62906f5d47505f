import Ledger

/// What one request may ask of the server. Every refusal is a JSON error that names the limit.
public struct ServerLimits: Sendable {
    /// Largest request body, in bytes (413 beyond).
    public var maxBodyBytes: Int
    /// Most entries in one `POST /entries` (413 beyond).
    public var maxBatchEntries: Int
    /// Most entries in one page of `GET /entries`.
    public var maxPageSize: Int
    /// Seconds a connection may stay idle before it is closed.
    public var idleTimeoutSeconds: Int
    /// Seconds a client has to send a request body (408 beyond): a slow client cannot hold a store call.
    public var readTimeoutSeconds: Int
    /// Store calls running or waiting at once; beyond, 503 with `Retry-After`.
    public var maxQueuedStoreCalls: Int
    /// Requests per second one peer address may make on average (bursts of twice that); 0 is no limit.
    public var requestsPerAddress: Int
    /// Requests per second one token or staff key may make on average (bursts of twice that); 0 is no limit.
    public var requestsPerCredential: Int

    public init(maxBodyBytes: Int = 8 << 20, maxBatchEntries: Int = 1_000, maxPageSize: Int = 1_000,
                idleTimeoutSeconds: Int = 60, readTimeoutSeconds: Int = 30, maxQueuedStoreCalls: Int = 256,
                requestsPerAddress: Int = 200, requestsPerCredential: Int = 50) {
        self.requestsPerAddress = requestsPerAddress
        self.requestsPerCredential = requestsPerCredential
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchEntries = maxBatchEntries
        self.maxPageSize = maxPageSize
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
        self.maxQueuedStoreCalls = maxQueuedStoreCalls
    }
}
