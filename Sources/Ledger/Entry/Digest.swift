import LedgerCrypto

/// A SHA-256 value: an entry hash, a `prev` link, a Merkle node.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// Exactly 32 bytes.
    public let bytes: [UInt8]

    /// The all-zero digest: the `prev` of the first entry.
    public static let zero = Digest(unchecked: [UInt8](repeating: 0, count: 32))

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Accepts exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Accepts exactly 64 lowercase hex characters.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let decoded = Hex.decode(hex) else { return nil }
        bytes = decoded
    }

    /// SHA-256 of `data`.
    public static func of(_ data: some RawBytes) -> Digest {
        Digest(unchecked: SHA256.hash(data))
    }

    public var hex: String { Hex.encode(bytes) }
    public var base64: String { Base64.encode(bytes) }
    public var description: String { hex }
}
