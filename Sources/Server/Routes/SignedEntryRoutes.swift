import GovernanceService
import Hummingbird
import Ledger

/// `POST /entries`: entries built and signed by the client, as their exact canonical lines (one per
/// line), admitted through the governance service under the store's writer. The server holds no
/// staff key: an entry's authority is its signature under the ledger's rules.
struct SignedEntryRoutes {
    let service: GovernanceService
    let pool: StorePool
    let limits: ServerLimits

    func register(on book: RouteBook) {
        let service = self.service, pool = self.pool, limits = self.limits
        book.post("/entries") { request, _ in
            var request = request
            let body = try await BodyReader.collect(&request, limits: limits)
            let lines = try SignedBatch.lines(body, limits: limits)
            do {
                let recorded = try await pool.run { try service.admitSigned(lines) }
                ServerMetrics.appended.increment(by: recorded.entries.count)
                return JSONResponse.make(Receipt(recorded.entries).json, status: .created)
            } catch {
                let mapped = ErrorMapping.apiError(for: error)
                ServerMetrics.refused(status: Int(mapped.status.code)).increment()
                throw mapped
            }
        }
    }
}

/// What a successful post returns: each entry's sequence number and hash.
struct Receipt {
    let entries: [StoredEntry]

    init(_ entries: [StoredEntry]) { self.entries = entries }

    var json: JSONValue {
        .object(["entries": .array(entries.map { .object(["seq": .integer($0.entry.seq), "hash": .string($0.hash.hex)]) })])
    }
}
