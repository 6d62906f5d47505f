import Ledger
import LedgerCrypto

/// The text of a bearer token, `tlt_<id>_<secret>`, and its digest as the ledger records it.
public enum TokenText {
    /// What every token starts with, so a leaked one is recognisable (e.g. by secret scanners).
    public static let prefix = "tlt_"

    /// A fresh token: 8 random bytes of id, 32 of secret.
    public static func generate() throws -> (id: String, text: String) {
        let id = Hex.encode(try SecureRandom.bytes(8))
        let secret = Base64.urlEncodedUnpadded(try SecureRandom.bytes(32))
        return (id, prefix + id + "_" + secret)
    }

    /// The id inside `text`, or nil when `text` is not shaped like a token.
    public static func id(of text: String) -> String? {
        let bytes = Array(text.utf8)
        let prefixBytes = Array(prefix.utf8)
        guard bytes.count == prefixBytes.count + 16 + 1 + 43, bytes.starts(with: prefixBytes) else { return nil }
        let id = bytes[prefixBytes.count..<(prefixBytes.count + 16)]
        guard bytes[prefixBytes.count + 16] == UInt8(ascii: "_"), isTokenID(String(decoding: id, as: UTF8.self)) else { return nil }
        let secret = bytes[(prefixBytes.count + 17)...]
        guard secret.allSatisfy(Self.isBase64URL) else { return nil }
        return String(decoding: id, as: UTF8.self)
    }

    /// SHA-256 of the token text: what `token.issue` records.
    public static func digest(_ text: String) -> [UInt8] { SHA256.hash(Array(text.utf8)) }

    /// True for 16 lowercase hex characters.
    public static func isTokenID(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
    }
}
