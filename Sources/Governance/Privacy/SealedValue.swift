import Ledger
import LedgerCrypto

/// A personal field as an entry holds it: AES-256-GCM ciphertext under the data key of one
/// subject, and a salted commitment to the clear text (docs/format.md §17).
///
/// `{"ciphertext":<hex>,"commitment":<hex>,"nonce":<hex>,"sealed":"aes-256-gcm","subject":<id>,"tag":<hex>}`
///
/// The plaintext is a 32-byte random salt followed by the value's UTF-8 bytes; the additional data
/// binds it to the entry type, the field and the subject; the commitment is
/// SHA-256(`"tierledger commitment v1\n"` ‖ salt ‖ value). The entry's hash and signature cover
/// these bytes, so the chain never needs the clear text, and destroying the subject's data key
/// leaves nothing that opens it: the salt went with it, so the commitment cannot be tested
/// against guesses either.
public struct SealedValue: Sendable, Equatable {
    public static let algorithm = "aes-256-gcm"
    public static let saltByteCount = 32
    public static let commitmentContext = "tierledger commitment v1\n"
    public static let additionalDataContext = "tierledger sealed field v1\n"

    public let subject: String
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]
    public let tag: [UInt8]
    public let commitment: [UInt8]

    public init(subject: String, nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], commitment: [UInt8]) {
        self.subject = subject
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
        self.commitment = commitment
    }

    /// The JSON member value an entry body holds.
    public var json: JSONValue {
        .object(["sealed": .string(Self.algorithm), "subject": .string(subject), "nonce": .string(Hex.encode(nonce)),
                 "ciphertext": .string(Hex.encode(ciphertext)), "tag": .string(Hex.encode(tag)), "commitment": .string(Hex.encode(commitment))])
    }

    /// True when `value` is shaped as a sealed field (an object with a `"sealed"` member), valid or not.
    public static func looksSealed(_ value: JSONValue?) -> Bool { value?["sealed"] != nil }

    /// Reads a sealed field; `field` names it in the refusal.
    public init(_ value: JSONValue?, field: String) throws(AuthorityViolation) {
        func fail(_ text: String) -> AuthorityViolation { AuthorityViolation(.governanceBody, "sealed field \"\(field)\": \(text)") }
        guard let members = value?.objectValue else { throw fail("must be a sealed object, not clear text") }
        let allowed: Set<String> = ["sealed", "subject", "nonce", "ciphertext", "tag", "commitment"]
        if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) { throw fail("unknown member \"\(extra)\"") }
        guard members["sealed"]?.stringValue == Self.algorithm else { throw fail("\"sealed\" must be \"\(Self.algorithm)\"") }
        guard let subject = members["subject"]?.stringValue, PrivacySubject.isValid(subject) else {
            throw fail("\"subject\" must be a subject id (\(PrivacySubject.rule))")
        }
        func hex(_ name: String, count: Int?) throws(AuthorityViolation) -> [UInt8] {
            guard let text = members[name]?.stringValue, let bytes = Hex.decode(text), count.map({ bytes.count == $0 }) ?? true else {
                throw fail("\"\(name)\" must be lowercase hex" + (count.map { " of \($0) bytes" } ?? ""))
            }
            return bytes
        }
        let ciphertext = try hex("ciphertext", count: nil)
        guard ciphertext.count >= Self.saltByteCount else { throw fail("\"ciphertext\" is shorter than its salt") }
        self.init(subject: subject, nonce: try hex("nonce", count: AESGCM.nonceByteCount), ciphertext: ciphertext,
                  tag: try hex("tag", count: AESGCM.tagByteCount), commitment: try hex("commitment", count: SHA256.byteCount))
    }

    /// The additional data of a field `field` of an entry of type `type` sealed for `subject`.
    public static func additionalData(type: String, field: String, subject: String) -> [UInt8] {
        Array((additionalDataContext + type + "\n" + field + "\n" + subject).utf8)
    }

    /// The commitment to `value` under `salt`.
    public static func commitment(salt: [UInt8], value: String) -> [UInt8] {
        SHA256.hash(Array(commitmentContext.utf8) + salt + Array(value.utf8))
    }

    /// Seals `value` for `subject` under `dataKey` as field `field` of an entry of type `type`.
    public static func seal(_ value: String, type: String, field: String, subject: String, dataKey: [UInt8]) throws(LedgerCryptoError) -> SealedValue {
        let salt = try SecureRandom.bytes(saltByteCount)
        let nonce = try SecureRandom.bytes(AESGCM.nonceByteCount)
        let sealed = try AESGCM.seal(salt + Array(value.utf8), key: dataKey, nonce: nonce,
                                     additionalData: additionalData(type: type, field: field, subject: subject))
        return SealedValue(subject: subject, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag,
                           commitment: commitment(salt: salt, value: value))
    }

    /// What opening a sealed field found.
    public enum Opened: Sendable, Equatable {
        /// The clear text, its tag checked and its commitment matched.
        case clear(String)
        /// The tag checked, but the plaintext does not match the commitment (or is not UTF-8).
        case commitmentMismatch
    }

    /// Checks the tag, decrypts and checks the commitment. A wrong key or altered bytes throw
    /// `LedgerCryptoError.authenticationFailed` before anything is decrypted.
    public func open(type: String, field: String, dataKey: [UInt8]) throws(LedgerCryptoError) -> Opened {
        let plain = try AESGCM.open(.init(ciphertext: ciphertext, tag: tag), key: dataKey, nonce: nonce,
                                    additionalData: Self.additionalData(type: type, field: field, subject: subject))
        guard plain.count >= Self.saltByteCount else { return .commitmentMismatch }
        let salt = Array(plain[0..<Self.saltByteCount])
        guard let value = String(validating: plain[Self.saltByteCount...], as: UTF8.self),
              Self.commitment(salt: salt, value: value) == commitment
        else { return .commitmentMismatch }
        return .clear(value)
    }
}

/// Subject ids: who personal data is about, as entries name them in the clear. They must not be
/// personal data themselves (use a customer id, or an opaque id, never a name or an e-mail).
public enum PrivacySubject {
    public static let rule = "1–64 characters of a-z 0-9 . _ -, starting with a letter or digit"

    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
        return alnum(bytes[0]) && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }
}
