import Ledger
import LedgerCrypto

/// The operator's master key: 32 bytes that wrap every subject's data key in the key store.
///
/// It is held outside the ledger and the key store: in a file of mode 600 or in the environment
/// variable `TIERLEDGER_MASTER_KEY`, as 64 lowercase hex digits. Whoever holds it and the key
/// store can read every personal field not yet erased.
public struct MasterKey: Sendable {
    /// The environment variable read when no file is named.
    public static let environmentVariable = "TIERLEDGER_MASTER_KEY"
    static let checkContext = "tierledger master key check v1\n"

    let bytes: [UInt8]

    /// A master key from its 64 hex digits (surrounding white space ignored).
    public init(hex text: String, source: String) throws(PrivacyError) {
        let trimmed = text.trimmingSpace
        guard trimmed.utf8.count == 2 * AESGCM.keyByteCount, let bytes = Hex.decode(trimmed) else {
            throw PrivacyError(.privacyMasterKeyMalformed, "\(source) does not hold a master key: it must be exactly 64 lowercase hex digits (32 bytes)")
        }
        self.bytes = bytes
    }

    /// A fresh random master key.
    public static func generate() throws -> MasterKey {
        try MasterKey(hex: Hex.encode(SecureRandom.bytes(AESGCM.keyByteCount)), source: "a new key")
    }

    /// The key as 64 hex digits, for writing to its file once.
    public var hex: String { Hex.encode(bytes) }

    /// Reads the key from `file` when given, else from `TIERLEDGER_MASTER_KEY` in `environment`.
    public static func load(file: String?, environment: [String: String]) throws -> MasterKey {
        if let file {
            let text: String
            do {
                text = try KeyFile.readSecret(file)
            } catch let error as LedgerError {
                throw PrivacyError(.privacyMasterKeyMalformed, "master key file \(file): \(error.description)")
            }
            return try MasterKey(hex: text, source: "master key file \(file)")
        }
        if let value = environment[environmentVariable] {
            return try MasterKey(hex: value, source: environmentVariable)
        }
        throw PrivacyError(.privacyMasterKeyMissing, "personal data needs the master key: give --master-key-file FILE or set \(environmentVariable)")
    }

    /// A value that tells whether a key store was made with this key, without revealing the key:
    /// SHA-256 of a fixed context and the key, in hex.
    public var check: String { Hex.encode(SHA256.hash(Array(Self.checkContext.utf8) + bytes)) }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpace: String {
        let space: Set<Character> = [" ", "\t", "\n", "\r"]
        return String(drop { space.contains($0) }.reversed().drop { space.contains($0) }.reversed())
    }
}
