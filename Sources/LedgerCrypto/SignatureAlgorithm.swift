/// The signature algorithms a ledger accepts for entries.
public enum SignatureAlgorithm: String, Sendable, CaseIterable, Codable {
    /// Ed25519 (pure, RFC 8032): 64-byte signatures over the whole message.
    case ed25519
    /// ECDSA over NIST P-256 with SHA-256; signatures are DER-encoded.
    case p256
}
