import LedgerCrypto

/// The codes of the server's own errors (`SRV-…`): requests the server cannot take before any
/// ledger rule is asked. Errors of the modules below keep their own codes in the answer.
extension ErrorCode {
    /// A query parameter or path element that cannot be used.
    public static let serverBadRequest = ErrorCode("SRV-001", .input, status: 400,
        remedy: "correct the request as the message says; docs/server.md gives each endpoint's form")
    /// The store's queue is full, or another process holds the writer.
    public static let serverBusy = ErrorCode("SRV-002", .unavailable,
        remedy: "retry after the number of seconds in Retry-After")
    /// Nothing at this address: no such endpoint, tile or checkpoint.
    public static let serverNotFound = ErrorCode("SRV-003", .notFound,
        remedy: "check the address against docs/server.md or docs/openapi.yaml")
    /// The server failed; the detail is in its log, never in the answer.
    public static let serverInternal = ErrorCode("SRV-004", .internal,
        remedy: "retry later; the server's log has the details")
    /// The request body is over the server's limit.
    public static let serverTooLarge = ErrorCode("SRV-005", .input, status: 413,
        remedy: "send a smaller body; split a batch into several posts")
    /// More entries in one post than the server takes.
    public static let serverBatchTooLarge = ErrorCode("SRV-006", .input, status: 413,
        remedy: "split the batch into posts of at most the server's batch limit")
    /// A post with no entry line.
    public static let serverEmptyBody = ErrorCode("SRV-007", .input, status: 400,
        remedy: "post one or more exact entry lines, one per line")
    /// An empty line among the posted entry lines.
    public static let serverEmptyLine = ErrorCode("SRV-008", .input, status: 400,
        remedy: "post entry lines without blank lines between them")
    /// The body did not arrive within the read timeout.
    public static let serverReadTimeout = ErrorCode("SRV-009", .input, status: 408,
        remedy: "send the whole body at once; check the connection")
    /// The endpoint does not take this method.
    public static let serverMethod = ErrorCode("SRV-010", .input, status: 405,
        remedy: "use a method docs/openapi.yaml lists for the endpoint")
    /// The governance state is still being replayed, or could not be.
    public static let serverNotReady = ErrorCode("SRV-011", .unavailable,
        remedy: "wait until /readyz answers 200; if it never does, the server's log says why the store did not replay")
    /// A `tierledger serve` setting (flag or environment) that cannot be used.
    public static let serverConfiguration = ErrorCode("SRV-013", .input,
        remedy: "correct the setting as the message says; `tierledger serve --help` lists them")
    /// `--server` is not an http or https URL.
    public static let serverClientURL = ErrorCode("SRV-014", .input,
        remedy: "give --server an http or https URL such as http://127.0.0.1:8080")
    /// The server could not be reached, or failed.
    public static let serverUnreachable = ErrorCode("SRV-015", .unavailable,
        remedy: "check --server and that `tierledger serve` runs there, then retry")
    /// The server refused the request as malformed or not found; its code is in the message.
    public static let serverClientRefused = ErrorCode("SRV-016", .input,
        remedy: "correct the request as the server's message says")
    /// The server refused the entries: the ledger's rules do not allow them by this key.
    public static let serverClientForbidden = ErrorCode("SRV-017", .forbidden,
        remedy: "check the signer's roles and the request's state as the server's message says")
    /// The ledger moved on under the client more times than it retries.
    public static let serverClientConflict = ErrorCode("SRV-018", .conflict,
        remedy: "run the command again; another writer was appending at the same time")
    /// The server's answer was not what the protocol promises.
    public static let serverUnexpected = ErrorCode("SRV-019", .internal,
        remedy: "check that --server points at a `tierledger serve` of the same version")
    /// Another failure HTTP itself reports.
    public static let serverHTTP = ErrorCode("SRV-012", .input, status: 400,
        remedy: "see docs/server.md for the request's form")
}

extension ErrorCode {
    /// A private endpoint asked without credentials.
    public static let serverUnauthenticated = ErrorCode("SRV-020", .forbidden, status: 401,
        remedy: "send a customer token (Authorization: Bearer tlt_…) or sign the request with an enrolled key (`tierledger fetch PATH --server URL --key KEY`)")
    /// Credentials that do not check out: an unknown, revoked or expired token; a bad, stale or foreign signature.
    public static let serverBadCredentials = ErrorCode("SRV-021", .forbidden, status: 401,
        remedy: "check the token with `tierledger token list`, or the key with `tierledger principal list`, and the client's clock")
    /// Authenticated, but this endpoint is not for this caller (a customer token on a staff endpoint, a role missing).
    public static let serverForbidden = ErrorCode("SRV-022", .forbidden,
        remedy: "ask with credentials that the endpoint allows: docs/server.md lists who may call each")
    /// Too many requests from this address or credential.
    public static let serverRateLimited = ErrorCode("SRV-023", .unavailable, status: 429,
        remedy: "wait the number of seconds in Retry-After, then retry")
}

/// The customer portal's codes (`/portal/…`): its pages answer them as HTML, with the same meaning.
extension ErrorCode {
    /// A portal form without its CSRF token (or with another session's), or one a page of another site sent.
    public static let serverPortalForm = ErrorCode("SRV-030", .forbidden,
        remedy: "reload the portal page and send the form again from it; forms sent from other sites are refused")
    /// Portal sign-in refused: the token is not a live token with the read scope, or the staff sign-in code is spent or expired.
    public static let serverPortalSignIn = ErrorCode("SRV-031", .forbidden, status: 401,
        remedy: "sign in with a token the vendor issued with --scope read (`tierledger token issue`); staff ask `tierledger portal sign-in` for a new code")
}
