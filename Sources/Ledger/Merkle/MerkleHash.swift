import LedgerCrypto

/// RFC 9162 §2.1.1 hashing: leaves and interior nodes are domain-separated by a prefix byte.
public enum MerkleHash {
    /// The root of the empty tree: SHA-256 of nothing.
    public static let empty = Digest.of([UInt8]())

    /// SHA-256(0x00 ‖ leaf bytes). For the ledger, the leaf bytes are an entry's line.
    public static func leaf(_ bytes: some RawBytes) -> Digest {
        Digest(unchecked: SHA256.hash(prefix: 0x00, bytes))
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: Digest, _ right: Digest) -> Digest {
        var input = [UInt8](repeating: 0x01, count: 65)
        input.replaceSubrange(1..<33, with: left.bytes)
        input.replaceSubrange(33..<65, with: right.bytes)
        return Digest.of(input)
    }
}
