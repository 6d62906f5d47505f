import Governance
import Hummingbird
import Ledger

/// `GET /portal/entries/{seq}`: the exact line of one entry, for the page's verifier, to a viewer
/// who may see it (a customer: an entry of its own licenses' history; staff: any). Checkpoints and
/// proofs come from the open transparency endpoints, which hold hashes only.
struct PortalVerifyData {
    let portal: Portal

    func register(_ add: Portal.Adder) {
        let service = portal.service, pool = portal.pool
        add(.get, "/portal/entries/{seq}", .customerOrStaff) { _, context, grant in
            guard let seq = context.parameters.get("seq").flatMap({ Int64($0) }), seq >= 0,
                  PortalVerifyData.mayRead(seq, grant) else {
                throw APIError.notFound("no entry \(LogText.escaped(context.parameters.get("seq") ?? "")) among your records",
                                        remedy: "open the history page of one of your licenses")
            }
            let store = service.store
            let (stored, line) = try await pool.run { (try store.entry(at: seq), try store.line(at: seq)) }
            return JSONResponse.make(.object(["seq": .integer(seq), "hash": .string(stored.hash.hex),
                                              "line": .string(String(decoding: line, as: UTF8.self))]))
        }
    }

    /// True when `seq` is in the history of a license the viewer may read (any entry for staff).
    static func mayRead(_ seq: Int64, _ grant: PortalGrant) -> Bool {
        guard seq <= grant.state.lastSeq else { return false }
        if grant.isStaff { return true }
        guard let customer = grant.customer else { return false }
        return grant.state.licenses.values.contains { license in
            license.versions.contains { $0.customer == customer }
                && CustomerRoutes.visibleEntries(of: license, grant.api, in: grant.state).contains(seq)
        }
    }
}
