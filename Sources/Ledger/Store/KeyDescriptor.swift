import LedgerCrypto

/// How a public key is written inside entries and the config:
/// `{"algorithm":"ed25519","key_id":"<hex>","spki":"<base64 DER SubjectPublicKeyInfo>"}`.
///
/// `key_id` is redundant with `spki` on purpose: readers see the id, and every reader checks it.
public enum KeyDescriptor {
    public static func json(_ key: PublicKey) -> JSONValue {
        .object([
            "algorithm": .string(key.algorithm.rawValue),
            "key_id": .string(key.id.hex),
            "spki": .string(Base64.encode(key.subjectPublicKeyInfo)),
        ])
    }

    /// Reads a descriptor back, checking that algorithm and id match the key; the error names the problem.
    public static func parse(_ value: JSONValue?) -> Result<PublicKey, DescriptorError> {
        guard let value, case let .object(members) = value else { return .failure(.init("must be an object")) }
        guard let spkiText = members["spki"]?.stringValue, let der = Base64.decode(spkiText) else {
            return .failure(.init("\"spki\" must be base64 DER SubjectPublicKeyInfo"))
        }
        let key: PublicKey
        do {
            key = try PublicKey(subjectPublicKeyInfo: der)
        } catch let LedgerCryptoError.nonCanonicalKey(rule) {
            return .failure(.init("\"spki\" is not in its canonical encoding: \(rule), so that one key has one key id"))
        } catch {
            return .failure(.init("\"spki\" is not an Ed25519 or P-256 public key"))
        }
        guard members["algorithm"]?.stringValue == key.algorithm.rawValue else {
            return .failure(.init("\"algorithm\" must be \"\(key.algorithm.rawValue)\" for this key"))
        }
        guard members["key_id"]?.stringValue == key.id.hex else {
            return .failure(.init("\"key_id\" is not the SHA-256 of \"spki\" (expected \(key.id.hex))"))
        }
        guard members.count == 3 else { return .failure(.init("has members other than algorithm, key_id, spki")) }
        return .success(key)
    }

    /// Why a key descriptor was refused.
    public struct DescriptorError: CodedError {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
        public var errorCode: ErrorCode { .ledgerKeyDescriptor }
    }
}
