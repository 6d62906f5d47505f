import Hummingbird
import Ledger

/// The public read side: the latest checkpoint, the head, pages of entries and RFC 9162 proofs.
/// Checkpoints, the head and proofs hold hashes only and are open to anyone; entry lines name
/// customers, so `/entries` is for staff unless the server runs with `--public-entries`.
struct TransparencyRoutes {
    let store: any LedgerStore
    /// Proofs and the latest checkpoint, checked against what it keeps while the store is unchanged.
    let reader: ProofReader
    let pool: StorePool
    let limits: ServerLimits
    let gate: Gate
    /// Whether `/entries` is open to anyone (`--public-entries`); otherwise staff only.
    let publicEntries: Bool

    func register(on book: RouteBook) {
        let store = self.store, reader = self.reader, pool = self.pool, limits = self.limits
        book.get("/checkpoint") { _, _ in
            let latest = try await pool.run { try reader.view().latestCheckpointNote() }
            guard let latest else {
                throw APIError.notFound("no checkpoint has been signed yet",
                                        remedy: "the log's operator signs one with `tierledger checkpoint --key LOG.pem`")
            }
            return JSONResponse.bytesResponse(latest, contentType: "text/plain; charset=utf-8")
        }
        book.get("/head") { _, _ in
            let (head, config) = try await pool.run { (try store.head(), store.config) }
            var members: [String: JSONValue] = ["origin": .string(config.origin), "size": .integer((head?.seq ?? -1) + 1)]
            if let head {
                members["seq"] = .integer(head.seq)
                members["hash"] = .string(head.hash.hex)
                members["time"] = .string(head.time.rfc3339)
            }
            return JSONResponse.make(.object(members))
        }
        let entries: @Sendable (Request, ServerContext) async throws -> Response = { request, _ in
            let from = try Query.integer(request, "from", default: 0) ?? 0
            let limit = try Query.integer(request, "limit", default: Int64(min(100, limits.maxPageSize)), in: 1...Int64(limits.maxPageSize))
                ?? Int64(limits.maxPageSize)
            let type = Query.text(request, "type")
            if let type, !EntryType.isValid(type) {
                throw APIError.badRequest("type must be an entry type (lowercase words joined by '.' or '-')", remedy: "e.g. ?type=license.note")
            }
            let page = try await pool.run { try EntryPage.read(store, from: from, limit: Int(limit), type: type) }
            return JSONResponse.make(page.json)
        }
        if publicEntries {
            book.get("/entries", entries)
        } else {
            book.get("/entries", access: .staff(nil)) { request, context, _ in try await entries(request, context) }
        }
        book.get("/proof/inclusion") { request, _ in
            let seq = try Query.required(request, "seq")
            let size = try Query.integer(request, "size", in: 1...Int64(Int.max)).map(Int.init)
            let proof = try await pool.run { () -> InclusionProof in
                let view = try reader.view()
                let count = Int64(view.count)
                try TransparencyRoutes.requireTree(size.map(Int64.init) ?? count, held: count)
                guard seq < Int64(size ?? Int(count)) else {
                    throw APIError.notFound("entry \(seq) is not in a tree of \(size ?? Int(count)) entries", remedy: "ask for a seq below the tree size")
                }
                return try view.inclusionProof(seq: seq, size: size)
            }
            return JSONResponse.make(proof.json)
        }
        book.get("/proof/consistency") { request, _ in
            let first = Int(try Query.required(request, "first"))
            let second = try Query.integer(request, "second").map(Int.init)
            let proof = try await pool.run { () -> ConsistencyProof in
                let view = try reader.view()
                let count = Int64(view.count)
                try TransparencyRoutes.requireTree(second.map(Int64.init) ?? count, held: count)
                try TransparencyRoutes.requireTree(Int64(first), held: count)
                return try view.consistencyProof(from: first, to: second)
            }
            return JSONResponse.make(proof.json)
        }
    }

    /// A tree of `size` entries exists once the log holds that many; a larger one is not found (yet).
    static func requireTree(_ size: Int64, held count: Int64) throws {
        guard size <= count else {
            throw APIError.notFound("the log holds \(count) entries; there is no tree of \(size) yet",
                                    remedy: "ask for a size up to the one GET /head or the latest checkpoint reports")
        }
    }
}
