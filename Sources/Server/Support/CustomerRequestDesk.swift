import Governance
import GovernanceService
import Ledger
import LedgerCrypto

/// Customers' requests for an upgrade, more seats or an add-on, filed and listed in one place: the
/// JSON API (`POST`/`GET /licenses/{id}/requests`) and the portal's forms call the same functions,
/// so both answer with the same codes. Requests are signed by the server's intake key (an enrolled
/// principal with the role `intake`, `tierledger serve --intake-key`); the server holds no staff key.
///
/// `file` and `requests` read and write the store: call them off the event loop (`StorePool.run`).
public struct CustomerRequestDesk: Sendable {
    public let service: GovernanceService
    /// The intake key; without one, filing answers that the server does not take requests.
    public let key: PrivateKey?

    public init(service: GovernanceService, intakeKey: PrivateKey?) {
        self.service = service
        self.key = intakeKey
    }

    /// Reads what a form or a JSON body gives: `kind` is `upgrade` (detail: the tier), `seats`
    /// (detail: the new seat count) or `addon-add` (detail: the add-on id; `addon` is taken too).
    public static func ask(kind: String, detail: String) throws -> CustomerRequest.Ask {
        let detail = detail.trimmingCharacters(in: .whitespaces)
        switch kind {
        case ChangeKind.upgrade.rawValue:
            guard !detail.isEmpty else { throw APIError.badRequest("an upgrade names the tier it asks for") }
            return .upgrade(tier: detail)
        case ChangeKind.seats.rawValue:
            guard let n = Int64(detail), n > 0 else { throw APIError.badRequest("seats is the number of seats asked for, a positive integer") }
            return .seats(n)
        case ChangeKind.addonAdd.rawValue, "addon":
            guard !detail.isEmpty else { throw APIError.badRequest("an add-on request names the add-on") }
            return .addon(detail)
        default:
            throw APIError.badRequest("kind is upgrade, seats or addon-add", remedy: "see docs/server.md, \"Customer requests\"")
        }
    }

    /// Files the request of `caller` (a customer token with the scope `request`) for `ask` on
    /// `license`, with an optional `message` (at most 500 bytes), and returns it as recorded.
    ///
    /// Throws an ``APIError`` with the stable code: `SRV-022` for staff or a token without the
    /// scope; `GOV-006` for another customer's license, exactly as for one that does not exist;
    /// `SRV-003` when the server has no intake key; `GOV-050` for an ask the catalog does not offer
    /// this license; `GOV-008` when a live request already asks the same; `SRV-001` for a bad message.
    public func file(license: String, caller: Caller, ask: CustomerRequest.Ask, message: String?) throws -> CustomerRequest {
        let (token, key) = try mayFile(license: license, caller: caller, state: try service.state())
        if let message, let problem = CustomerRequestEntry.messageProblem(message) { throw APIError.badRequest("message: \(problem)") }
        do {
            return try service.fileCustomerRequest(license: license, token: token, ask: ask, message: message,
                                                   GovernanceService.Signing(key: key, time: .now()))
        } catch let LedgerError.rejected(reason, code) {
            // The writer's preamble names the intake key; the rule's own words follow the type.
            let marker = CustomerRequestEntry.request + ": "
            let words = reason.range(of: marker, options: .backwards).map { String(reason[$0.upperBound...]) } ?? "the request was refused"
            throw APIError(code: code, message: words)
        } catch {
            throw ErrorMapping.apiError(for: error)
        }
    }

    /// Checks that `caller` may file a request on `license` here, before anything is read of what
    /// it asks: the token and the intake key to file it with, or the ``APIError`` `file` would throw.
    public func mayFile(license: String, caller: Caller, state: GovernanceState) throws -> (token: String, key: PrivateKey) {
        guard case let .customer(token, customer, scopes) = caller else {
            throw APIError(code: .serverForbidden, message: "requests are filed by a customer's token (scope request), not by staff",
                           remedy: "staff propose changes directly: `tierledger change propose`")
        }
        guard let found = state.licenses[license], found.customer == customer else { throw CustomerRoutes.noSuchLicense(license, state) }
        guard scopes.contains(.request) else {
            throw APIError(code: .serverForbidden, message: "this token may not ask for changes (it has no request scope)",
                           remedy: "ask the vendor for a token issued with --scope request")
        }
        guard let key else {
            throw APIError.notFound("this server does not take requests", remedy: "the vendor runs `tierledger serve --intake-key KEY` to take them")
        }
        return (token, key)
    }

    /// `file(license:caller:ask:message:)` for what a form gives: the kind and its detail as text.
    public func file(license: String, caller: Caller, kind: String, detail: String, message: String?) throws -> CustomerRequest {
        try file(license: license, caller: caller, ask: Self.ask(kind: kind, detail: detail), message: message)
    }

    /// Every request the caller may see, newest first: a customer token's (scope `read` or
    /// `request`) own customer's on all its licenses, for a portal's overview; every one for staff.
    public func requests(caller: Caller, state: GovernanceState) -> [CustomerRequest] {
        switch caller {
        case .staff: return state.customerRequests(all: true, at: .now())
        case let .customer(_, customer, scopes):
            return scopes.isDisjoint(with: [.read, .request]) ? [] : state.customerRequests(customer: customer)
        case .anonymous: return []
        }
    }

    /// The requests on `license` the caller may see, newest first: all of them for staff; for a
    /// customer token (scope `read` or `request`), those its own customer filed. Another
    /// customer's license answers `GOV-006`, as one that does not exist.
    public func requests(license: String, caller: Caller, state: GovernanceState) throws -> [CustomerRequest] {
        switch caller {
        case .staff:
            guard state.licenses[license] != nil else { throw CustomerRoutes.noSuchLicense(license, state) }
            return state.customerRequests(license: license)
        case let .customer(_, customer, scopes):
            guard let found = state.licenses[license], found.customer == customer, !scopes.isDisjoint(with: [.read, .request]) else {
                throw CustomerRoutes.noSuchLicense(license, state)
            }
            return state.customerRequests(license: license).filter { $0.customer == customer }
        case .anonymous:
            throw APIError(code: .serverUnauthenticated, message: "a customer token or a staff signature is needed")
        }
    }
}
