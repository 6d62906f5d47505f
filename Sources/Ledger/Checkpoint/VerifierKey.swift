import LedgerCrypto

/// A C2SP signed-note verifier key ("vkey"): `<name>+<key id hex>+<base64(type ‖ public key)>`.
///
/// Type 0x01 is an Ed25519 note signer (the log's checkpoint key); type 0x04 is an Ed25519
/// cosigner (a witness, per C2SP tlog-cosignature). The key id is
/// SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4].
public struct VerifierKey: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable {
        case ed25519 = 0x01
        case cosignatureV1 = 0x04
    }

    public let name: String
    public let kind: Kind
    public let publicKey: PublicKey
    public let keyID: [UInt8]

    public init(name: String, kind: Kind, publicKey: PublicKey) throws {
        guard VerifierKey.isValidName(name) else {
            throw LedgerError.invalidInput("key name \"\(name)\" must be non-empty, without spaces or '+'")
        }
        self.name = name
        self.kind = kind
        self.publicKey = publicKey
        keyID = try VerifierKey.keyID(name: name, kind: kind, raw: publicKey.rawEd25519())
    }

    /// Names are non-empty UTF-8 without whitespace or '+'.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    static func keyID(name: String, kind: Kind, raw: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(Array(name.utf8) + [0x0A, kind.rawValue] + raw).prefix(4))
    }

    /// Parses `name+hex+base64`.
    public init(parsing text: String) throws {
        let parts = text.trimmingWhitespace().split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Hex.decode(String(parts[1])), id.count == 4,
              let material = Base64.decode(String(parts[2])), material.count == 33,
              let kind = Kind(rawValue: material[0])
        else {
            throw LedgerError.invalidInput("not a verifier key: expected name+<8 hex>+<base64 of 0x01 or 0x04 and a 32-byte Ed25519 key>")
        }
        try self.init(name: String(parts[0]), kind: kind, publicKey: PublicKey(rawEd25519: Array(material[1...])))
        guard keyID == id else { throw LedgerError.invalidInput("verifier key \(parts[0]): key id \(parts[1]) does not match the key") }
    }

    public var description: String {
        let material = [kind.rawValue] + ((try? publicKey.rawEd25519()) ?? [])
        return "\(name)+\(Hex.encode(keyID))+\(Base64.encode(material))"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
