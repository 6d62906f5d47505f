import Governance
import GovernanceService
import Hummingbird
import Ledger

/// A customer's records: licenses (now or `as_of`), entitlements, usage, SLA attainment and the
/// entries of its history. Staff read any customer's; a customer token reads only its own, and
/// another customer's license answers exactly as a license that does not exist (404), so a token
/// learns nothing by guessing ids.
struct CustomerRoutes {
    let service: GovernanceService
    let pool: StorePool

    func register(on book: RouteBook) {
        let service = self.service, pool = self.pool
        book.get("/licenses", access: .customerData) { request, _, grant in
            let state = try await CustomerRoutes.state(request, grant, service: service, pool: pool)
            var customer = Query.text(request, "customer")
            if case let .customer(_, own, _) = grant.caller {
                guard grant.caller.mayRead(customer: own) else {
                    throw APIError(code: .serverForbidden, message: "this token may not read records (it has no read scope)",
                                   remedy: "ask the vendor for a token issued with --scope read")
                }
                guard customer == nil || customer == own else {
                    throw APIError.notFound("no customer \(customer ?? "")", remedy: "a customer token lists its own licenses only; leave out ?customer=")
                }
                customer = own
            }
            let licenses = state.licenses.values.filter { customer == nil || $0.customer == customer }.sorted { $0.id < $1.id }
            return JSONResponse.make(.object(["as_of_seq": .integer(state.lastSeq),
                                              "licenses": .array(licenses.map { CustomerRoutes.document($0, grant, state: state, at: grant.now) })]))
        }
        book.get("/licenses/{id}", access: .customerData) { request, context, grant in
            let state = try await CustomerRoutes.state(request, grant, service: service, pool: pool)
            let license = try CustomerRoutes.license(context, grant, in: state)
            return JSONResponse.make(CustomerRoutes.document(license, grant, state: state, at: grant.now))
        }
        book.get("/licenses/{id}/usage", access: .customerData) { _, context, grant in
            let license = try CustomerRoutes.license(context, grant, in: grant.state)
            let limits = grant.state.policy.map { LicenseChange.quotaLimits($0.set.catalog, license) } ?? [:]
            let held = CustomerRoutes.held(license, by: grant.caller)
            let recorded = (grant.state.usage[license.id] ?? [:]).mapValues { records in
                records.filter { record in held.contains { $0.covers(periodStart: record.periodStart, periodEnd: record.periodEnd) } }
            }
            let metrics = Set(limits.keys).union(recorded.keys).sorted().map { metric -> JSONValue in
                var members: [String: JSONValue] = [
                    "metric": .string(metric),
                    "records": .array((recorded[metric] ?? []).sorted { ($0.periodStart, $0.periodEnd) < ($1.periodStart, $1.periodEnd) }.map(\.json)),
                ]
                if let limit = limits[metric] { members["limit"] = .integer(limit) }
                return .object(members)
            }
            return JSONResponse.make(.object(["license": .string(license.id), "as_of_seq": .integer(grant.state.lastSeq), "metrics": .array(metrics)]))
        }
        book.get("/licenses/{id}/sla", access: .customerData) { request, context, grant in
            let license = try CustomerRoutes.license(context, grant, in: grant.state)
            guard let month = Query.text(request, "month"), SLAAttainment.bounds(of: month) != nil else {
                throw APIError.badRequest("query parameter month is required, as YYYY-MM", remedy: "e.g. ?month=2026-03")
            }
            let attainment = try SLAMonth(month, state: grant.state).attainment(of: license)
            // A month is the customer's who held the license at its end, as the attainment says.
            guard grant.caller.mayRead(customer: attainment.customer) else { throw CustomerRoutes.noSuchLicense(license.id, grant.state) }
            return JSONResponse.make(attainment.json)
        }
        book.get("/licenses/{id}/history", access: .customerData) { _, context, grant in
            let license = try CustomerRoutes.license(context, grant, in: grant.state)
            let seqs = CustomerRoutes.visibleEntries(of: license, grant, in: grant.state)
            let store = service.store
            let entries = try await pool.run {
                try seqs.map { seq -> JSONValue in
                    let stored = try store.entry(at: seq)
                    let line = try store.line(at: seq)
                    return .object(["seq": .integer(seq), "type": .string(stored.entry.type), "time": .string(stored.entry.time.rfc3339),
                                    "hash": .string(stored.hash.hex), "line": .string(String(decoding: line, as: UTF8.self))])
                }
            }
            return JSONResponse.make(.object(["license": .string(license.id), "entries": .array(entries)]))
        }
    }

    /// The state `as_of` names (a sequence number, date or time), or the current one.
    static func state(_ request: Request, _ grant: Grant, service: GovernanceService, pool: StorePool) async throws -> GovernanceState {
        guard let text = Query.text(request, "as_of") else { return grant.state }
        guard let point = GovernanceReplay.Point(text) else {
            throw APIError.badRequest("as_of must be a sequence number, a date (YYYY-MM-DD) or an RFC 3339 time", remedy: "e.g. ?as_of=2026-06-30")
        }
        return try await pool.run { try service.state(asOf: point) }
    }

    /// The license the path names, if the caller may read it; otherwise the same 404 as a missing one.
    static func license(_ context: ServerContext, _ grant: Grant, in state: GovernanceState) throws -> License {
        let id = context.parameters.get("id") ?? ""
        guard let license = state.licenses[id], grant.caller.mayRead(customer: license.customer) else { throw noSuchLicense(id, state) }
        return license
    }

    /// The stretches of time in which the caller's customer held `license` (all of its life for staff).
    static func held(_ license: License, by caller: Caller) -> [Holding] {
        if case .staff = caller { return [Holding(from: nil, until: nil)] }
        var out: [Holding] = []
        var start: EntryTime?
        for version in license.versions {
            let mine = caller.mayRead(customer: version.customer)
            if mine, start == nil { start = version.from }
            if !mine, let began = start {
                out.append(Holding(from: began, until: version.from))
                start = nil
            }
        }
        if let began = start { out.append(Holding(from: began, until: nil)) }
        return out
    }

    /// The answer for a license that does not exist or that the caller may not see: the same for both.
    static func noSuchLicense(_ id: String, _ state: GovernanceState) -> APIError {
        APIError(code: .governanceNotFound, message: "no license \(LogText.escaped(id)) as of entry \(state.lastSeq)",
                 remedy: "GET /licenses lists the licenses these credentials may read")
    }

    /// The entries of a license's history the caller may see: every one for staff; for a customer,
    /// the changes made while the license was its own and the certifications issued to it.
    static func visibleEntries(of license: License, _ grant: Grant, in state: GovernanceState) -> [Int64] {
        var owned = Set(license.versions.filter { grant.caller.mayRead(customer: $0.customer) }.map(\.seq))
        if case .staff = grant.caller { owned.formUnion(license.changes) }
        // A certification belongs to whoever held the license when it was made.
        let certifications = (state.certifications[license.id] ?? []).filter { seq in
            guard let holder = license.versions.last(where: { $0.seq <= seq }) else { return false }
            return grant.caller.mayRead(customer: holder.customer)
        }
        return owned.union(certifications).sorted()
    }

    /// A license as `tierledger license show --json` prints it, with its status and entitlements at
    /// `time`; a customer sees only the changes made while the license was its own.
    static func document(_ license: License, _ grant: Grant, state: GovernanceState, at time: EntryTime) -> JSONValue {
        guard case var .object(members) = license.json else { return license.json }
        members["status"] = .string(license.status(at: time).rawValue)
        members["as_of_seq"] = .integer(state.lastSeq)
        if case .customer = grant.caller {
            let owned = Set(license.versions.filter { grant.caller.mayRead(customer: $0.customer) }.map(\.seq))
            members["changes"] = .array(license.changes.filter(owned.contains).map { .integer($0) })
        }
        if let policy = state.policy?.set {
            let entitlements = Certification.entitlements(of: license, at: time, catalog: policy.catalog)
            members["entitlements"] = .object(["features": entitlements["features"] ?? .array([]), "quotas": entitlements["quotas"] ?? .array([])])
        }
        return .object(members)
    }
}

/// A stretch of time in which one customer held a license: `from` (nil: always) until `until` (nil: still).
struct Holding {
    let from: EntryTime?
    let until: EntryTime?

    /// True when a usage period (two `YYYY-MM-DD` dates) lies within the holding: it starts on or
    /// after the day the holding began and ends before the day it ended.
    func covers(periodStart: String, periodEnd: String) -> Bool {
        if let from, periodStart < String(from.rfc3339.prefix(10)) { return false }
        if let until, periodEnd >= String(until.rfc3339.prefix(10)) { return false }
        return true
    }
}
