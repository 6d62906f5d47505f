import Hummingbird
import Ledger

/// C2SP tlog-tiles: `/tile/<L>/<N>[.p/<W>]` (Merkle hashes) and `/tile/entries/<N>[.p/<W>]`
/// (entry bundles), the same bytes `tierledger tiles export` writes, for the tree of every entry
/// stored now. Full tiles never change and say so to caches. Hash tiles are open to anyone; entry
/// bundles name customers and are for staff unless the server runs with `--public-entries`.
struct TileRoutes {
    /// Hash tiles come from the node cache this reader keeps open while the store is unchanged.
    let reader: ProofReader
    let pool: StorePool
    let gate: Gate
    /// Whether entry bundles are open to anyone (`--public-entries`); otherwise staff only.
    let publicEntries: Bool

    func register(on book: RouteBook) {
        let reader = self.reader, pool = self.pool, gate = self.gate, publicEntries = self.publicEntries
        book.get("/tile/**") { request, context in
            let elements = context.parameters.getCatchAll().map(String.init)
            guard let tile = TileAddress.parse(elements) else {
                throw APIError.notFound("not a tile address",
                                        remedy: "tiles are /tile/<L>/<N>[.p/<W>] and /tile/entries/<N>[.p/<W>] (C2SP tlog-tiles)")
            }
            if tile.kind == .entries, !publicEntries { _ = try await gate.admit(request, .staff(nil)) }
            let bytes = try await pool.run { () -> [UInt8]? in
                try reader.view().tileBytes(tile)
            }
            guard let bytes else {
                throw APIError.notFound("the log does not hold \(tile.path) yet", remedy: "fetch the tile the latest checkpoint's size calls for")
            }
            var response = JSONResponse.bytesResponse(bytes, contentType: "application/octet-stream")
            response.headers[.cacheControl] = tile.partialWidth == nil ? "public, max-age=31536000, immutable" : "no-cache"
            return response
        }
    }
}
