import Governance
import GovernanceService
import Hummingbird
import Ledger

/// What staff read through the server, each request signed with an enrolled key (RFC 9421): change
/// requests, the steps waiting for the caller, issued tokens, and the ledger's verification.
/// `/whoami` tells any authenticated caller how the server sees it.
struct StaffRoutes {
    let service: GovernanceService
    let pool: StorePool

    func register(on book: RouteBook) {
        let service = self.service, pool = self.pool
        book.get("/whoami", access: .signedIn) { _, _, grant in
            JSONResponse.make(grant.caller.json)
        }
        book.get("/changes", access: .staff(nil)) { request, _, grant in
            let status = Query.text(request, "state")
            if let status, !RequestStatus.allCases.map(\.rawValue).contains(status) {
                throw APIError.badRequest("state must be one of \(RequestStatus.allCases.map(\.rawValue).joined(separator: ", "))", remedy: "e.g. ?state=pending")
            }
            let requests = grant.state.changeRequests(status: status, at: grant.now)
            return JSONResponse.make(.object(["requests": .array(requests.map { $0.listing(at: grant.now) })]))
        }
        book.get("/changes/{id}", access: .staff(nil)) { _, context, grant in
            let text = context.parameters.get("id") ?? ""
            let digits = text.hasPrefix("CR-") ? String(text.dropFirst(3)) : text
            guard let seq = Int64(digits), let request = grant.state.requests[seq] else {
                throw APIError(code: .serviceNoSuchRequest, message: "no change request \(LogText.escaped(text))",
                               remedy: "GET /changes lists them; an id looks like CR-42")
            }
            // What a client needs to build a decision on it locally: the open step and the policy in force.
            guard case var .object(members) = request.document(state: grant.state, at: grant.now) else {
                return JSONResponse.make(request.document(state: grant.state, at: grant.now))
            }
            members["seq"] = .integer(request.seq)
            if let step = request.currentStep { members["open_step"] = .integer(Int64(step)) }
            if let policy = grant.state.policy?.set.hash { members["policy_in_force"] = .string(policy) }
            return JSONResponse.make(.object(members))
        }
        book.get("/approvals/pending", access: .staff(nil)) { _, _, grant in
            guard case let .staff(name, roles, _) = grant.caller else { return JSONResponse.make(.object(["requests": .array([])])) }
            let waiting = grant.state.requests.values.sorted { $0.seq < $1.seq }.filter { request in
                guard request.status(at: grant.now) == .pending, !request.approvers.contains(name) else { return false }
                switch request.eligibility(of: roles, at: grant.now) {
                case .byRole?, .byEscalation?: return true
                default: return false
                }
            }
            return JSONResponse.make(.object(["requests": .array(waiting.map { request in
                guard case var .object(members) = request.listing(at: grant.now) else { return request.listing(at: grant.now) }
                members["summary"] = .array(ChangeSummary.lines(request, state: grant.state, at: grant.now).map { .string($0) })
                return .object(members)
            })]))
        }
        book.get("/tokens", access: .staff([.admin, .auditor])) { request, _, grant in
            let customer = Query.text(request, "customer")
            let tokens = grant.state.tokens.values.filter { customer == nil || $0.customer == customer }.sorted { $0.issuedAt < $1.issuedAt }
            return JSONResponse.make(.object(["tokens": .array(tokens.map { $0.json(at: grant.now) })]))
        }
        book.get("/verify", access: .staff([.admin, .auditor, .operator])) { _, _, _ in
            let store = service.store
            let report = try await pool.run { () -> VerificationReport in
                var verifier = Verifier(authority: GovernanceState())
                verifier.clock = EntryTime.now()
                return try verifier.verify(store).report
            }
            return JSONResponse.make(.object(report.json))
        }
    }
}
