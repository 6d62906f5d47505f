import LedgerCrypto

/// A C2SP tlog-checkpoint: `<origin>\n<tree size>\n<base64 root hash>\n`, then optional extension
/// lines, signed as a C2SP signed note by the log's Ed25519 key under the origin's name.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: Int
    public let root: Digest
    public let extensions: [String]

    public init(origin: String, size: Int, root: Digest, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text.
    public var body: String {
        "\(origin)\n\(size)\n\(root.base64)\n" + extensions.map { $0 + "\n" }.joined()
    }

    /// Parses a note text as a checkpoint.
    public init(body: String) throws {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, body.hasSuffix("\n") else {
            throw LedgerError.invalidInput("checkpoint text needs three lines: origin, tree size, base64 root hash")
        }
        let sizeText = String(lines[lines.startIndex + 1])
        guard let size = Int(sizeText), size >= 0, String(size) == sizeText else {
            throw LedgerError.invalidInput("checkpoint tree size \"\(sizeText)\" is not a decimal number without leading zeros")
        }
        guard let rootBytes = Base64.decode(String(lines[lines.startIndex + 2])), let root = Digest(bytes: rootBytes) else {
            throw LedgerError.invalidInput("checkpoint root hash is not 32 bytes of base64")
        }
        let origin = String(lines[lines.startIndex])
        guard !origin.isEmpty else { throw LedgerError.invalidInput("checkpoint origin line is empty") }
        let extensions = lines.dropFirst(3).map(String.init)
        guard !extensions.contains(where: \.isEmpty) else { throw LedgerError.invalidInput("checkpoint has an empty extension line") }
        self.init(origin: origin, size: size, root: root, extensions: extensions)
    }

    /// Signs this checkpoint with the log key; the signature is named after the origin.
    public func signed(by logKey: PrivateKey) throws -> SignedNote {
        guard logKey.algorithm == .ed25519 else {
            throw LedgerError.invalidInput("checkpoints are signed with an Ed25519 log key")
        }
        let verifier = try VerifierKey(name: origin, kind: .ed25519, publicKey: logKey.publicKey)
        let signature = try logKey.signature(for: Array(body.utf8))
        return SignedNote(text: body, signatures: [.init(name: origin, keyID: verifier.keyID, payload: signature)])
    }
}

/// A checkpoint whose log signature and cosignatures were checked.
public struct VerifiedCheckpoint: Sendable {
    public let checkpoint: Checkpoint
    public let note: SignedNote
    /// Witnesses (by name) whose cosignatures verified, with their timestamps.
    public let cosigners: [(name: String, timestamp: UInt64)]
}

extension Checkpoint {
    /// Parses and checks a signed checkpoint: the log's signature must verify; cosignatures from
    /// `witnesses` are checked and must reach `quorum`. Lines from unknown keys are ignored; a line
    /// from a known key that does not verify rejects the note.
    public static func verify(note text: String, logKey: VerifierKey, witnesses: [VerifierKey] = [], quorum: Int? = nil) throws -> VerifiedCheckpoint {
        let note = try SignedNote(parsing: text)
        let checkpoint = try Checkpoint(body: note.text)
        guard checkpoint.origin == logKey.name else {
            throw LedgerError.checkpoint("checkpoint origin \"\(checkpoint.origin)\" is not the log's name \"\(logKey.name)\": "
                + "a checkpoint of another ledger")
        }
        let message = Array(note.text.utf8)
        var logSigned = false
        var cosigners: [(String, UInt64)] = []
        for signature in note.signatures {
            if signature.name == logKey.name, signature.keyID == logKey.keyID {
                guard logKey.publicKey.isValidSignature(signature.payload, for: message) else {
                    throw LedgerError.checkpoint("the log's signature on the checkpoint does not verify: it was forged or altered")
                }
                logSigned = true
            } else if let witness = witnesses.first(where: { $0.name == signature.name && $0.keyID == signature.keyID }) {
                let timestamp = try Cosignature.check(signature, by: witness, on: note.text)
                if !cosigners.contains(where: { $0.0 == witness.name }) { cosigners.append((witness.name, timestamp)) }
            }
        }
        guard logSigned else {
            throw LedgerError.checkpoint("no signature by the log key \(logKey.name)+\(Hex.encode(logKey.keyID)) on the checkpoint")
        }
        let needed = quorum ?? witnesses.count
        guard cosigners.count >= needed else {
            throw LedgerError.checkpoint("\(cosigners.count) of the \(witnesses.count) given witnesses cosigned; \(needed) are needed")
        }
        return VerifiedCheckpoint(checkpoint: checkpoint, note: note, cosigners: cosigners)
    }
}
