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

/// Why an entry breaks the ledger's rules of authority or content.
public struct AuthorityViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
