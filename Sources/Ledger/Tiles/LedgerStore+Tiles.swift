extension LedgerStore {
    /// The bytes of `tile` for the tree of the first `treeSize` entries, or nil when that tree does
    /// not hold it yet (a full tile not yet full, or a partial one wider than what exists). Hash
    /// tiles come from the store's Merkle nodes (checked against the entries as proofs do);
    /// entry bundles from the entry lines. An entry over 65,535 bytes cannot be put in a bundle
    /// (its length is 16 bits) and throws.
    public func tileBytes(_ tile: TileAddress, treeSize: Int) throws -> [UInt8]? {
        let first = Int(tile.index) * TileAddress.width
        switch tile.kind {
        case let .hashes(level):
            let nodes = treeSize >> (8 * level)
            guard level < 8, first + tile.count <= nodes else { return nil }
            let source = try treeNodes(leafCount: treeSize, entryReads: nil)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(32 * tile.count)
            for i in first..<(first + tile.count) {
                bytes += try source.perfectNode(level: 8 * level, index: i).bytes
            }
            return bytes
        case .entries:
            guard first + tile.count <= treeSize else { return nil }
            var bytes: [UInt8] = []
            var source = try lines(from: Int64(first))
            for seq in first..<(first + tile.count) {
                guard case let .line(_, line)? = try source.next() else { return nil }
                guard line.count <= Int(UInt16.max) else {
                    throw LedgerError.invalidInput("entry \(seq) is \(line.count) bytes; an entry bundle holds entries of at most 65535 bytes")
                }
                bytes.append(UInt8(line.count >> 8))
                bytes.append(UInt8(line.count & 0xFF))
                bytes += line
            }
            return bytes
        }
    }
}

extension TileAddress {
    /// Every tile of the tree of `treeSize` entries: each level's full tiles and its partial one.
    public static func all(treeSize: Int) -> [TileAddress] {
        var tiles: [TileAddress] = []
        for (kind, count) in [(TileAddress.Kind.entries, treeSize)] + (0..<8).map({ (TileAddress.Kind.hashes(level: $0), treeSize >> (8 * $0)) }) {
            guard count > 0 else { continue }
            for n in 0..<(count / TileAddress.width) { tiles.append(TileAddress(kind: kind, index: Int64(n))) }
            if count % TileAddress.width > 0 {
                tiles.append(TileAddress(kind: kind, index: Int64(count / TileAddress.width), partialWidth: count % TileAddress.width))
            }
        }
        return tiles
    }
}
