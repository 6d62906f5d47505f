import LedgerCrypto

/// The rules that say who may sign what. The verifier and the writer both run entries through one,
/// in order, so a writer cannot append what `verify` would reject.
///
/// The Ledger module ships `KeyRegistry` (keys introduced by `ledger.init` and `key.enroll`); the
/// governance layer plugs in principals, roles and revocation through the same seam.
public protocol EntryAuthority: Sendable {
    /// The key that must have signed `entry`, given every entry admitted before it. Throws when the
    /// signer may not write this entry at this point.
    func signingKey(for entry: Entry) throws(AuthorityViolation) -> PublicKey

    /// Folds an entry, already accepted by `signingKey(for:)`, into the state.
    mutating func admit(_ entry: Entry) throws(AuthorityViolation)

    /// Folds an entry whose line hashes to `lineHash` (the next entry's `prev`): for authorities
    /// that also record history. By default, `admit(_:)`.
    mutating func admit(_ entry: Entry, lineHash: Digest) throws(AuthorityViolation)
}

extension EntryAuthority {
    public mutating func admit(_ entry: Entry, lineHash: Digest) throws(AuthorityViolation) {
        try admit(entry)
    }
}

/// Why an entry breaks the ledger's rules of authority or content, with the code of the rule
/// family it breaks (`LDG-…` for the Ledger module's own rules, `GOV-…` for the governance rules),
/// so a caller can tell a signer without the right (forbidden) from a stale request (conflict)
/// from a bad body (input).
public struct AuthorityViolation: CodedError, Equatable {
    public let errorCode: ErrorCode
    public let message: String
    public init(_ code: ErrorCode, _ message: String) {
        self.errorCode = code
        self.message = message
    }
    public var description: String { message }
}
