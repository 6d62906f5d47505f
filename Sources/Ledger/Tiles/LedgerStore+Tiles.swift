extension LedgerStore {
    /// The bytes of `tile` for the tree of the first `treeSize` entries, or nil when that tree does
    /// not hold it yet (a full tile not yet full, or a partial one wider than what exists). Hash
    /// tiles come from the store's Merkle nodes (checked against the entries as proofs do);
    /// entry bundles from the entry lines. An entry over 65,535 bytes cannot be put in a bundle
    /// (its length is 16 bits) and throws.
    ///
    /// `nodes`, when given, is a node source for that tree already open (`TreeView`).
    public func tileBytes(_ tile: TileAddress, treeSize: Int, nodes: (any CountingNodeSource)? = nil) throws -> [UInt8]? {
        let first = Int(tile.index) * TileAddress.width
        switch tile.kind {
        case let .hashes(level):
            let available = treeSize >> (8 * level)
            guard level < 8, first + tile.count <= available else { return nil }
            let source = try nodes ?? treeNodes(leafCount: treeSize, entryReads: nil)
            return try source.nodeBytes(level: 8 * level, range: first..<(first + tile.count))
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
