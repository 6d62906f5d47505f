import Governance
import Ledger
import LedgerCrypto

/// What a key store holds (docs/format.md §17.3): the master key's check value, each live
/// subject's data key wrapped by the master key, and a tombstone for each destroyed one.
public struct KeyStoreContents: Sendable, Equatable {
    public static let format: Int64 = 1
    static let wrapContext = "tierledger data key v1\n"

    /// A data key wrapped under the master key with AES-256-GCM; the subject is the additional data.
    public struct WrappedKey: Sendable, Equatable {
        public let created: EntryTime
        public let nonce: [UInt8]
        public let ciphertext: [UInt8]
        public let tag: [UInt8]
    }

    /// What is left of a destroyed key: when, why, and the entry that recorded it (nil until the
    /// erasure entry is written: the erasure is then pending).
    public struct Tombstone: Sendable, Equatable {
        public let destroyed: EntryTime
        public let basis: PrivacyEntry.Basis
        public let request: String?
        public var recorded: Int64?
    }

    /// The master key's check value (`MasterKey.check`).
    public let masterCheck: String
    public internal(set) var keys: [String: WrappedKey]
    public internal(set) var tombstones: [String: Tombstone]

    public init(masterCheck: String, keys: [String: WrappedKey] = [:], tombstones: [String: Tombstone] = [:]) {
        self.masterCheck = masterCheck
        self.keys = keys
        self.tombstones = tombstones
    }

    static func additionalData(_ subject: String) -> [UInt8] { Array((wrapContext + subject).utf8) }

    /// Wraps `dataKey` for `subject` under `master`.
    static func wrap(_ dataKey: [UInt8], subject: String, master: MasterKey, at time: EntryTime) throws -> WrappedKey {
        let nonce = try SecureRandom.bytes(AESGCM.nonceByteCount)
        let sealed = try AESGCM.seal(dataKey, key: master.bytes, nonce: nonce, additionalData: additionalData(subject))
        return WrappedKey(created: time, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
    }

    /// Unwraps the data key of `subject`, checking its tag; nil when the store holds none.
    func unwrap(_ subject: String, master: MasterKey, location: String) throws(PrivacyError) -> [UInt8]? {
        guard let wrapped = keys[subject] else { return nil }
        do {
            let key = try AESGCM.open(.init(ciphertext: wrapped.ciphertext, tag: wrapped.tag), key: master.bytes, nonce: wrapped.nonce,
                                      additionalData: Self.additionalData(subject))
            guard key.count == AESGCM.keyByteCount else { throw LedgerCryptoError.authenticationFailed }
            return key
        } catch {
            throw PrivacyError(.privacyKeyStoreDamaged, "\(location): the data key of subject \(subject) does not unwrap under the master key "
                + "(its tag does not check): the key store was altered; nothing was decrypted")
        }
    }

    // MARK: Encoding

    /// Canonical JSON, one object.
    public var encoded: [UInt8] {
        var keyMembers: [String: JSONValue] = [:]
        for (subject, key) in keys {
            keyMembers[subject] = .object(["created": .string(key.created.rfc3339), "nonce": .string(Hex.encode(key.nonce)),
                                           "wrapped": .string(Hex.encode(key.ciphertext)), "tag": .string(Hex.encode(key.tag))])
        }
        var tombstoneMembers: [String: JSONValue] = [:]
        for (subject, tombstone) in tombstones {
            var members: [String: JSONValue] = ["destroyed": .string(tombstone.destroyed.rfc3339), "basis": .string(tombstone.basis.rawValue),
                                                "recorded": tombstone.recorded.map { .integer($0) } ?? .null]
            if let request = tombstone.request { members["request"] = .string(request) }
            tombstoneMembers[subject] = .object(members)
        }
        return CanonicalJSON.encode(.object(["format": .integer(Self.format), "master_check": .string(masterCheck),
                                             "keys": .object(keyMembers), "destroyed": .object(tombstoneMembers)])) + [0x0A]
    }

    /// Reads a key store's bytes; `location` names it in errors.
    public init(decoding bytes: [UInt8], location: String) throws(PrivacyError) {
        func damaged(_ what: String) -> PrivacyError {
            PrivacyError(.privacyKeyStoreDamaged, "\(location) is not a readable key store: \(what); nothing was decrypted")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw damaged("\(error.description)") }
        guard value["format"]?.integerValue == Self.format else { throw damaged("\"format\" is not \(Self.format)") }
        guard let check = value["master_check"]?.stringValue, let keyMembers = value["keys"]?.objectValue,
              let tombstoneMembers = value["destroyed"]?.objectValue
        else { throw damaged("\"master_check\", \"keys\" or \"destroyed\" is missing") }
        var keys: [String: WrappedKey] = [:]
        for (subject, key) in keyMembers {
            guard PrivacySubject.isValid(subject), let created = key["created"]?.stringValue.flatMap(EntryTime.init(rfc3339:)),
                  let nonce = key["nonce"]?.stringValue.flatMap(Hex.decode), nonce.count == AESGCM.nonceByteCount,
                  let wrapped = key["wrapped"]?.stringValue.flatMap(Hex.decode),
                  let tag = key["tag"]?.stringValue.flatMap(Hex.decode), tag.count == AESGCM.tagByteCount
            else { throw damaged("the key of \(subject) is malformed") }
            keys[subject] = WrappedKey(created: created, nonce: nonce, ciphertext: wrapped, tag: tag)
        }
        var tombstones: [String: Tombstone] = [:]
        for (subject, tombstone) in tombstoneMembers {
            guard PrivacySubject.isValid(subject), let destroyed = tombstone["destroyed"]?.stringValue.flatMap(EntryTime.init(rfc3339:)),
                  let basis = tombstone["basis"]?.stringValue.flatMap(PrivacyEntry.Basis.init(rawValue:))
            else { throw damaged("the tombstone of \(subject) is malformed") }
            tombstones[subject] = Tombstone(destroyed: destroyed, basis: basis, request: tombstone["request"]?.stringValue,
                                            recorded: tombstone["recorded"]?.integerValue)
        }
        self.init(masterCheck: check, keys: keys, tombstones: tombstones)
    }
}
