import LedgerCrypto

extension Checkpoint {
    /// The keyword of the extension line that binds a state snapshot to a checkpoint:
    /// `tierledger-state/1 <base64 SHA-256 of the snapshot's bytes>` (docs/format.md §14).
    public static let stateExtensionKeyword = "tierledger-state/1"

    /// The extension line binding a snapshot whose bytes hash to `hash`.
    public static func stateExtension(_ hash: Digest) -> String {
        "\(stateExtensionKeyword) \(hash.base64)"
    }

    /// The SHA-256 of the state snapshot this checkpoint binds, when one of its extension lines
    /// names it (the first such line, when it is well formed).
    public var stateHash: Digest? {
        let prefix = Checkpoint.stateExtensionKeyword + " "
        guard let line = extensions.first(where: { $0.hasPrefix(prefix) }),
              let bytes = Base64.decode(String(line.dropFirst(prefix.count)))
        else { return nil }
        return Digest(bytes: bytes)
    }
}
