/// A key's identity in the ledger: lowercase hex SHA-256 of its DER SubjectPublicKeyInfo.
///
/// `openssl pkey -pubin -in key.pub -outform DER | sha256sum` reproduces it.
public struct KeyID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 64 lowercase hex characters.
    public let hex: String

    /// Accepts exactly 64 lowercase hex characters.
    public init?(hex: String) {
        guard hex.utf8.count == 64, Hex.decode(hex) != nil else { return nil }
        self.hex = hex
    }

    init(spkiDigest: [UInt8]) {
        hex = Hex.encode(spkiDigest)
    }

    /// The first 16 hex characters, for compact human output.
    public var short: String { String(hex.prefix(16)) }

    public var description: String { hex }

    public static func < (a: KeyID, b: KeyID) -> Bool { a.hex < b.hex }
}
