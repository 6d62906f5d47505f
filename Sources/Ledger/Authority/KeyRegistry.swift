import LedgerCrypto

/// The ledger-level authority: entry 0 must be `ledger.init`, signed by the admin key it names;
/// every later entry must be signed by a key that an earlier entry introduced — the genesis admin
/// key, or one added by `key.enroll` (body `{"key":<key>,"label":"…"}`).
public struct KeyRegistry: EntryAuthority {
    /// Enrolled keys and the label each was enrolled under.
    public private(set) var keys: [KeyID: (key: PublicKey, label: String)] = [:]
    /// What entry 0 recorded, once admitted.
    public private(set) var genesis: Genesis?

    public init() {}

    public func signingKey(for entry: Entry) throws(AuthorityViolation) -> PublicKey {
        if genesis == nil { return try Genesis.signingKey(forFirst: entry) }
        guard entry.type != EntryType.genesis else {
            throw AuthorityViolation(.ledgerGenesis, "only entry 0 may be \(EntryType.genesis)")
        }
        guard let enrolled = keys[entry.signer] else {
            throw AuthorityViolation(.ledgerSignerNotEnrolled, "signer key \(entry.signer.short)… is not enrolled in this ledger: no earlier "
                + "\(EntryType.genesis) or \(EntryType.keyEnroll) entry introduces it")
        }
        return enrolled.key
    }

    public mutating func admit(_ entry: Entry) throws(AuthorityViolation) {
        switch entry.type {
        case EntryType.genesis:
            let parsed = try Genesis.parse(entry.body).get()
            genesis = parsed
            keys[parsed.adminKey.id] = (parsed.adminKey, parsed.adminName)
        case EntryType.keyEnroll:
            let key: PublicKey
            switch KeyDescriptor.parse(entry.body["key"]) {
            case let .success(k): key = k
            case let .failure(e): throw AuthorityViolation(.ledgerKeyEnrollBody, "\(EntryType.keyEnroll) body: \"key\" \(e.reason)")
            }
            guard let label = entry.body["label"]?.stringValue, Genesis.isValidName(label) else {
                throw AuthorityViolation(.ledgerKeyEnrollBody, "\(EntryType.keyEnroll) body: \"label\" must be 1-64 letters, digits, '.', '_', '-', '@'")
            }
            guard entry.body.objectValue?.count == 2 else {
                throw AuthorityViolation(.ledgerKeyEnrollBody, "\(EntryType.keyEnroll) body: only \"key\" and \"label\" are allowed")
            }
            guard keys[key.id] == nil else {
                throw AuthorityViolation(.ledgerKeyAlreadyEnrolled, "key \(key.id.short)… is already enrolled")
            }
            keys[key.id] = (key, label)
        default:
            break
        }
    }

    /// The body of a `key.enroll` entry for `key`.
    public static func enrollmentBody(for key: PublicKey, label: String) -> JSONValue {
        .object(["key": KeyDescriptor.json(key), "label": .string(label)])
    }
}
