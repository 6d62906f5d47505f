import Governance
import GovernanceService
import Hummingbird
import Ledger
import LedgerCrypto

/// The customer portal under `/portal`: pages rendered on the server for a customer signed in with
/// their token, and read-only pages for staff. A browser holds only a session cookie (HttpOnly,
/// SameSite=Strict, Secure with `secureCookies`); every form carries the session's CSRF token and
/// must come from the portal's own origin. Every request checks the session's token or key against
/// the ledger's current state and confines a customer to its own licenses exactly as the JSON API
/// does (another customer's license is "not found"). docs/portal.md describes what each page shows.
struct Portal: Sendable {
    let service: GovernanceService
    let pool: StorePool
    let sessions: PortalSessions
    let limits: ServerLimits
    /// Mark cookies `Secure`: set when browsers reach the server over TLS (directly or through a proxy).
    let secureCookies: Bool
    /// Files customers' requests (upgrade, seats, add-on) as ledger entries, with the server's intake key.
    let desk: CustomerRequestDesk

    static let sessionCookie = "tl_session"
    static let signInCookie = "tl_signin"

    /// Who may open a portal page.
    enum Viewers: Sendable {
        /// Anyone: the sign-in page, the style sheet and the script.
        case anyone
        /// A signed-in customer (its own records) or staff.
        case customerOrStaff
        /// A signed-in customer only.
        case customer
        /// A signed-in staff member only.
        case staff
        /// A request signed by a staff member's enrolled key (RFC 9421), as the JSON API takes them.
        case staffSignature

        var access: Access {
            switch self {
            case .anyone: return .open
            case .customerOrStaff, .customer: return .customerData
            case .staff, .staffSignature: return .staff(nil)
            }
        }
    }

    typealias Handler = @Sendable (inout Request, ServerContext, PortalGrant) async throws -> Response
    /// Adds one route: its method, path, who may open it, and what answers it.
    typealias Adder = (HTTPRequest.Method, String, Viewers, @escaping Handler) -> Void

    /// Adds the portal's routes to `router`; returns them for the method table and the tests.
    func register(on router: Router<ServerContext>) -> [Route] {
        var routes: [Route] = []
        let add: Adder = { method, path, viewers, handler in
            routes.append(Route(method: method.rawValue, path: path, access: viewers.access))
            let portal = self
            router.on(RouterPath(path), method: method) { request, context in
                var request = request
                return await portal.respond(&request, context, viewers: viewers, handler)
            }
        }
        PortalAssets.register(add)
        PortalSignIn(portal: self).register(add)
        PortalCustomerPages(portal: self).register(add)
        PortalStaffPages(portal: self).register(add)
        PortalVerifyData(portal: self).register(add)
        PortalReports(portal: self).register(add)
        PortalRequests(portal: self).register(add)
        return routes
    }

    /// Runs `handler` once the session (if the page needs one) checks out, and turns every failure
    /// into a page: no session → the sign-in page; otherwise an error page with the status and code.
    func respond(_ request: inout Request, _ context: ServerContext, viewers: Viewers, _ handler: Handler) async -> Response {
        do {
            let grant: PortalGrant
            switch viewers {
            case .anyone:
                grant = try await anonymousGrant()
            case .staffSignature:
                grant = try await signedGrant(request)
            default:
                guard let found = try await self.grant(request) else {
                    return PortalResponse.redirect(to: "/portal/sign-in")
                }
                switch (viewers, found.caller) {
                case (.customer, .staff):
                    throw PortalError.notForYou("this page is for customers; staff see every customer's records through the staff pages")
                case (.staff, .customer):
                    throw PortalError.notForYou("this page is for staff; a customer token cannot open it")
                default:
                    grant = found
                }
            }
            if request.method == .post {
                guard PortalRequest.isSameOrigin(request) else {
                    throw PortalError.badForm("the form was sent from another site")
                }
            }
            return PortalResponse.secured(try await handler(&request, context, grant))
        } catch {
            let mapped = ErrorMapping.apiError(for: error)
            if case .staffSignature = viewers { return mapped.response() }
            return PortalResponse.secured(PortalResponse.page(ErrorPage.render(mapped), status: mapped.status))
        }
    }

    /// The session the request's cookie names, checked against the current state; nil without one.
    func grant(_ request: Request) async throws -> PortalGrant? {
        guard let id = PortalRequest.cookie(request, Self.sessionCookie) else { return nil }
        let now = EntryTime.now()
        guard let session = sessions.session(id, now: now.milliseconds) else { return nil }
        let service = self.service
        let state = try await pool.run { try service.state() }
        guard let caller = PortalGrant.caller(for: session.viewer, state: state, at: now) else {
            sessions.close(id)
            return nil
        }
        return PortalGrant(session: session, caller: caller, state: state, now: now)
    }

    /// The staff member who signed `request` (RFC 9421); refused for anyone else.
    private func signedGrant(_ request: Request) async throws -> PortalGrant {
        let service = self.service
        let state = try await pool.run { try service.state() }
        let now = EntryTime.now()
        let caller = try Authenticator.caller(request, state: state, now: now)
        try Gate.check(caller, .staff(nil))
        let session = PortalSession(id: "", viewer: .customer(token: "", customer: ""), csrf: "", created: now.milliseconds, lastSeen: now.milliseconds)
        return PortalGrant(session: session, caller: caller, state: state, now: now)
    }

    private func anonymousGrant() async throws -> PortalGrant {
        let now = EntryTime.now()
        let session = PortalSession(id: "", viewer: .customer(token: "", customer: ""), csrf: "", created: now.milliseconds, lastSeen: now.milliseconds)
        return PortalGrant(session: session, caller: .anonymous, state: GovernanceState(), now: now)
    }

    /// Refuses a form whose `csrf` field is not this session's token (compared in constant time).
    static func checkCSRF(_ form: [String: String], _ grant: PortalGrant) throws {
        let presented = Array((form["csrf"] ?? "").utf8)
        guard !grant.session.csrf.isEmpty, SecureRandom.constantTimeEqual(presented, Array(grant.session.csrf.utf8)) else {
            throw PortalError.badForm("the form did not carry this session's CSRF token")
        }
    }

    /// The `Set-Cookie` value for the session cookie; `id` nil expires it.
    func sessionCookie(_ id: String?) -> String {
        Self.cookie(Self.sessionCookie, id, path: "/portal", maxAge: id == nil ? 0 : Int(sessions.lifetime / 1000), secure: secureCookies)
    }

    static func cookie(_ name: String, _ value: String?, path: String, maxAge: Int, secure: Bool) -> String {
        var text = "\(name)=\(value ?? ""); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
        if secure { text += "; Secure" }
        return text
    }
}
