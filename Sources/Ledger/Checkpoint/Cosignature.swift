import LedgerCrypto

/// C2SP tlog-cosignature v1 for Ed25519 (key type 0x04): the witness signs
/// `cosignature/v1\ntime <unix seconds>\n` followed by the checkpoint text, and the signature line
/// carries key id ‖ 8-byte big-endian timestamp ‖ 64-byte signature.
public enum Cosignature {
    static func message(timestamp: UInt64, text: String) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n".utf8) + Array(text.utf8)
    }

    /// Adds `key`'s cosignature under `name` to `note`, at `timestamp` (seconds since the epoch).
    public static func add(to note: SignedNote, key: PrivateKey, name: String, timestamp: UInt64) throws -> SignedNote {
        guard key.algorithm == .ed25519 else { throw LedgerError.invalidInput("a witness key must be Ed25519") }
        let verifier = try VerifierKey(name: name, kind: .cosignatureV1, publicKey: key.publicKey)
        let signature = try key.signature(for: message(timestamp: timestamp, text: note.text))
        var stamp: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) { stamp.append(UInt8(truncatingIfNeeded: timestamp >> UInt64(shift))) }
        var out = note
        out.signatures.removeAll { $0.name == name && $0.keyID == verifier.keyID }
        out.signatures.append(.init(name: name, keyID: verifier.keyID, payload: stamp + signature))
        return out
    }

    /// Checks one cosignature line; returns its timestamp.
    static func check(_ signature: SignedNote.Signature, by witness: VerifierKey, on text: String) throws -> UInt64 {
        guard witness.kind == .cosignatureV1 else {
            throw LedgerError.invalidInput("witness key \(witness.name) is not a cosignature (type 0x04) key")
        }
        guard signature.payload.count == 72 else {
            throw LedgerError.checkpoint("cosignature by \(witness.name) has the wrong length")
        }
        let timestamp = signature.payload.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard witness.publicKey.isValidSignature(Array(signature.payload.dropFirst(8)), for: message(timestamp: timestamp, text: text)) else {
            throw LedgerError.checkpoint("the cosignature by \(witness.name) does not verify: it was forged or the checkpoint altered")
        }
        return timestamp
    }
}
