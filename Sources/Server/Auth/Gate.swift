import Governance
import GovernanceService
import Hummingbird
import Ledger

/// What a guarded handler gets once the gate let the request through: who asked, and the
/// governance state the answer is read from.
struct Grant: Sendable {
    let caller: Caller
    let state: GovernanceState
    /// The time the credentials were checked at.
    let now: EntryTime
}

/// Authenticates requests against the governance state and enforces a route's `Access`.
struct Gate: Sendable {
    let service: GovernanceService
    let pool: StorePool
    /// The per-credential limit: a token or a staff key spends from its own bucket on every request.
    let limiter: RateLimiter

    /// The caller of `request` and the current state; nothing is authorised yet.
    func identify(_ request: Request) async throws -> Grant {
        let service = self.service
        let state = try await pool.run { try service.state() }
        let now = EntryTime.now()
        return Grant(caller: try Authenticator.caller(request, state: state, now: now), state: state, now: now)
    }

    /// Identifies the caller and refuses it unless `access` admits it: 401 without (good)
    /// credentials, 403 when the caller is known but not allowed.
    func admit(_ request: Request, _ access: Access) async throws -> Grant {
        let grant = try await identify(request)
        try Gate.check(grant.caller, access)
        if let key = grant.caller.limitKey, let wait = limiter.wait(for: key) {
            ServerMetrics.rateLimited(scope: "credential").increment()
            throw APIError(code: .serverRateLimited, message: "too many requests with these credentials", retryAfter: wait)
        }
        return grant
    }

    static func check(_ caller: Caller, _ access: Access) throws {
        switch (access, caller) {
        case (.open, _):
            return
        case (_, .anonymous):
            throw APIError(code: .serverUnauthenticated, message: "this endpoint needs credentials (\(access))")
        case (.signedIn, _), (.customerData, .customer), (.customerData, .staff):
            return
        case (.staff, .customer):
            throw APIError(code: .serverForbidden, message: "this endpoint is for staff; a customer token cannot use it")
        case let (.staff(roles), .staff(name, held, _)):
            guard let roles, held.isDisjoint(with: roles) else { return }
            throw APIError(code: .serverForbidden, message: "\(name) holds none of the roles this endpoint needs: "
                + roles.sorted().map(\.name).joined(separator: " or "))
        }
    }
}
