import Ledger
import LedgerCrypto

/// A license certificate: a `license.certify` entry, the RFC 9162 proof that it is in the log, and
/// the signed checkpoint (with any witness cosignatures) the proof leads to. Everything a product
/// needs to check the license offline, with only the log's verifier key (docs/format.md §15).
///
/// Its text form is an armour that survives e-mail: explanatory lines, then
/// `-----BEGIN TIERLEDGER LICENSE-----`, the base64 of the certificate's RFC 8785 JSON in lines of
/// 64, and `-----END TIERLEDGER LICENSE-----`.
public struct LicenseCertificate: Sendable, Equatable {
    public static let format = "tierledger-license/1"
    /// The type of the entries certificates are built on (Governance's `Certification.type`).
    public static let entryType = "license.certify"
    static let begin = "-----BEGIN TIERLEDGER LICENSE-----"
    static let end = "-----END TIERLEDGER LICENSE-----"

    /// The exact line of the `license.certify` entry.
    public let entryLine: [UInt8]
    /// The entry's leaf index (its sequence number), the size of the tree the proof is for, and the
    /// proof's hashes in RFC 9162 order.
    public let leafIndex: Int
    public let treeSize: Int
    public let proof: [Digest]
    /// The signed note of the checkpoint of `treeSize` entries.
    public let checkpoint: String
    /// The licensor's public key (canonical DER SubjectPublicKeyInfo), whose id the entry names.
    public let signerKey: [UInt8]

    public init(entryLine: [UInt8], leafIndex: Int, treeSize: Int, proof: [Digest], checkpoint: String, signerKey: [UInt8]) {
        self.entryLine = entryLine
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.proof = proof
        self.checkpoint = checkpoint
        self.signerKey = signerKey
    }

    /// The certificate's canonical JSON.
    public var json: JSONValue {
        .object([
            "checkpoint": .string(checkpoint),
            "entry": .string(Base64.encode(entryLine)),
            "format": .string(Self.format),
            "proof": .object(["hashes": .array(proof.map { .string($0.base64) }), "leaf_index": .integer(Int64(leafIndex)),
                              "tree_size": .integer(Int64(treeSize))]),
            "signer_key": .string(Base64.encode(signerKey)),
        ])
    }

    /// The armoured text, with `explanation` (plain lines) before it.
    public func armoured(explanation: [String] = []) -> String {
        let encoded = Base64.encode(CanonicalJSON.encode(json))
        var lines = explanation
        lines.append(Self.begin)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let next = encoded.index(index, offsetBy: 64, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<next]))
            index = next
        }
        lines.append(Self.end)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads an armoured certificate; text outside the armour is ignored.
    public init(armoured text: String) throws(LicenseCheckError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let first = lines.firstIndex(of: Self.begin), let last = lines[first...].firstIndex(of: Self.end) else {
            throw .malformed("no \(Self.begin) … \(Self.end) block")
        }
        let body = lines[(first + 1)..<last].joined()
        guard let bytes = Base64.decode(body) else { throw .malformed("the armour is not base64") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .malformed("the certificate is not JSON: \(error)")
        }
        try self.init(json: value)
    }

    /// Reads the certificate's JSON, member by member.
    public init(json value: JSONValue) throws(LicenseCheckError) {
        guard let members = value.objectValue,
              Set(members.keys) == ["checkpoint", "entry", "format", "proof", "signer_key"] else {
            throw .malformed("a certificate has exactly checkpoint, entry, format, proof and signer_key")
        }
        guard members["format"]?.stringValue == Self.format else {
            throw .malformed("format \(members["format"]?.stringValue ?? "?") is not \(Self.format); use a newer checker")
        }
        guard let entry = members["entry"]?.stringValue.flatMap(Base64.decode), let checkpoint = members["checkpoint"]?.stringValue,
              let key = members["signer_key"]?.stringValue.flatMap(Base64.decode), let proof = members["proof"]?.objectValue,
              Set(proof.keys) == ["hashes", "leaf_index", "tree_size"],
              let index = proof["leaf_index"]?.integerValue, let size = proof["tree_size"]?.integerValue, index >= 0, size > index,
              let hashes = proof["hashes"]?.arrayValue
        else { throw .malformed("a member is missing or of the wrong form") }
        var digests: [Digest] = []
        for hash in hashes {
            guard let digest = hash.stringValue.flatMap(Base64.decode).flatMap(Digest.init(bytes:)) else {
                throw .malformed("a proof hash is not 32 bytes of base64")
            }
            digests.append(digest)
        }
        self.init(entryLine: entry, leafIndex: Int(index), treeSize: Int(size), proof: digests, checkpoint: checkpoint, signerKey: key)
    }
}
