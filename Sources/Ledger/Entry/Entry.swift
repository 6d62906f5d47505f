import LedgerCrypto

/// One signed ledger entry.
///
/// On disk it is one line of `entries.jsonl`: the RFC 8785 canonical JSON of an object with exactly
/// the members `body`, `prev`, `seq`, `sig`, `signer`, `time`, `type` (docs/format.md).
public struct Entry: Sendable, Equatable {
    /// Position in the ledger, from 0, with no gaps.
    public let seq: Int64
    /// When it was appended; never earlier than the entry before it.
    public let time: EntryTime
    /// SHA-256 of the previous entry's line (without its newline); all zeros for entry 0.
    public let prev: Digest
    /// The entry type, e.g. `ledger.init`, `key.enroll`.
    public let type: String
    /// Type-specific content.
    public let body: JSONValue
    /// Key id of the signing key.
    public let signer: KeyID
    /// Signature over `signedMessage`.
    public let signature: [UInt8]

    /// The context that opens every signed message: domain separation from any other use of the keys.
    public static let signatureContext: [UInt8] = Array("tierledger/entry/v1\n".utf8)

    public init(seq: Int64, time: EntryTime, prev: Digest, type: String, body: JSONValue, signer: KeyID, signature: [UInt8]) {
        self.seq = seq
        self.time = time
        self.prev = prev
        self.type = type
        self.body = body
        self.signer = signer
        self.signature = signature
    }

    /// The members that the signature covers: every member but `sig`.
    public var unsignedObject: JSONValue {
        .object([
            "body": body,
            "prev": .string(prev.hex),
            "seq": .integer(seq),
            "signer": .string(signer.hex),
            "time": .string(time.rfc3339),
            "type": .string(type),
        ])
    }

    /// The exact bytes signed: the context line, then the canonical JSON of `unsignedObject`.
    public var signedMessage: [UInt8] {
        var message = Entry.signatureContext
        CanonicalJSON.write(unsignedObject, into: &message)
        return message
    }

    /// The signed message cut from a canonical line: the line without its top-level `,"sig":"…"`
    /// member (the last occurrence, since `signer`, `time` and `type` follow it and the body comes
    /// first), after the context line. The same bytes as `signedMessage`, without re-encoding;
    /// nil when the line has no such member.
    public static func signedMessage(cutFrom line: [UInt8]) -> [UInt8]? {
        let marker: [UInt8] = Array(",\"sig\":\"".utf8)
        guard line.count > marker.count else { return nil }
        var start = line.count - marker.count
        while start >= 0 {
            if line[start] == 0x2C, line[start..<(start + marker.count)].elementsEqual(marker) { break }
            start -= 1
        }
        guard start >= 0, let close = line[(start + marker.count)...].firstIndex(of: 0x22) else { return nil }
        var message = signatureContext
        message.reserveCapacity(signatureContext.count + line.count)
        message.append(contentsOf: line[..<start])
        message.append(contentsOf: line[(close + 1)...])
        return message
    }

    /// The entry's line in `entries.jsonl`, without the newline.
    public var canonicalBytes: [UInt8] {
        guard case var .object(members) = unsignedObject else { return [] }
        members["sig"] = .string(Base64.encode(signature))
        return CanonicalJSON.encode(.object(members))
    }

    /// SHA-256 of `canonicalBytes`: what the next entry's `prev` must hold.
    public var hash: Digest { Digest.of(canonicalBytes) }

    /// Builds and signs an entry.
    public static func signed(
        seq: Int64, time: EntryTime, prev: Digest, type: String, body: JSONValue, by key: PrivateKey
    ) throws -> Entry {
        let unsigned = Entry(seq: seq, time: time, prev: prev, type: type, body: body,
                             signer: key.publicKey.id, signature: [])
        let signature = try key.signature(for: unsigned.signedMessage)
        return Entry(seq: seq, time: time, prev: prev, type: type, body: body,
                     signer: key.publicKey.id, signature: signature)
    }

    /// True when `key` is the signer's key and the signature verifies.
    public func hasValidSignature(by key: PublicKey) -> Bool {
        key.id == signer && key.isValidSignature(signature, for: signedMessage)
    }
}
