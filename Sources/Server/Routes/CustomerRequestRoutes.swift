import Governance
import GovernanceService
import Hummingbird
import Ledger

/// Customers' requests (docs/server.md, "Customer requests"): a customer token with the `request`
/// scope asks for an upgrade, more seats or an add-on on its own license, and reads where its
/// requests stand. The work is the ``CustomerRequestDesk``'s; these handlers decode and encode.
struct CustomerRequestRoutes {
    let desk: CustomerRequestDesk
    let pool: StorePool
    let limits: ServerLimits

    func register(on book: RouteBook) {
        let desk = self.desk, pool = self.pool, limits = self.limits
        book.get("/licenses/{id}/requests", access: .customerData) { _, context, grant in
            let id = context.parameters.get("id") ?? ""
            let found = try desk.requests(license: id, caller: grant.caller, state: grant.state)
            return JSONResponse.make(.object(["license": .string(id), "as_of_seq": .integer(grant.state.lastSeq),
                                              "requests": .array(found.map { grant.state.document(of: $0, at: grant.now) })]))
        }
        book.on(.post, "/licenses/{id}/requests", access: .customerData) { request, context, grant in
            let id = context.parameters.get("id") ?? ""
            _ = try desk.mayFile(license: id, caller: grant.caller, state: grant.state)
            var request = request
            let (ask, message) = try CustomerRequestRoutes.read(try await BodyReader.collect(&request, limits: limits))
            let filed = try await pool.run {
                let filed = try desk.file(license: id, caller: grant.caller, ask: ask, message: message)
                return (filed, try desk.service.state())
            }
            return JSONResponse.make(filed.1.document(of: filed.0, at: .now()), status: .created)
        }
    }

    /// The body `{"kind":"upgrade","to_tier":T}`, `{"kind":"seats","seats":N}` or
    /// `{"kind":"addon-add","addon":A}`, each with an optional `"message"`.
    static func read(_ bytes: [UInt8]) throws -> (CustomerRequest.Ask, String?) {
        let shape = "the body is {\"kind\": \"upgrade\", \"to_tier\": T}, {\"kind\": \"seats\", \"seats\": N} or "
            + "{\"kind\": \"addon-add\", \"addon\": A}, with an optional \"message\" (at most 500 bytes)"
        guard !bytes.isEmpty, let body = try? JSONParser.parse(bytes), let members = body.objectValue,
              let kind = members["kind"]?.stringValue else { throw APIError.badRequest(shape) }
        let names: [String: String] = ["upgrade": "to_tier", "seats": "seats", "addon-add": "addon"]
        guard let name = names[kind], let value = members[name] else { throw APIError.badRequest(shape) }
        guard Set(members.keys).isSubset(of: ["kind", name, "message"]) else { throw APIError.badRequest(shape) }
        var message: String?
        if let given = members["message"] {
            guard let text = given.stringValue else { throw APIError.badRequest("\"message\" is text") }
            message = text
        }
        guard let ask = CustomerRequest.Ask(kind: kind, params: .object([name: value])) else { throw APIError.badRequest(shape) }
        return (ask, message)
    }
}
