import Ledger
import LedgerCrypto

/// A person or service that signs entries: a name, roles, and the keys it has held.
public struct Principal: Sendable {
    public let name: String
    public internal(set) var roles: Set<Role>
    public internal(set) var keys: [KeyRecord]
    /// Entry that enrolled the principal.
    public let enrolledAt: Int64
    /// Set once the whole principal is revoked.
    public internal(set) var revocation: Revocation?

    /// The key the principal signs with now: the last one added, unless retired.
    public var currentKey: KeyRecord? {
        guard revocation == nil, let last = keys.last, last.retirement == nil else { return nil }
        return last
    }

    public var isActive: Bool { revocation == nil }
}

/// One key a principal has held, and how it stopped being usable.
public struct KeyRecord: Sendable {
    public let key: PublicKey
    /// Entry that added the key.
    public let addedAt: Int64
    /// Entry that rotated the principal to a newer key: from then on this key signs nothing,
    /// whatever revocation may also be scheduled for it.
    public internal(set) var rotatedAt: Int64?
    /// A revocation of this key alone, or of its whole principal; it may take effect later.
    public internal(set) var revocation: Revocation?

    init(key: PublicKey, addedAt: Int64) {
        self.key = key
        self.addedAt = addedAt
    }

    /// How the key stopped (or will stop) signing: a rotation wins over a revocation, since it
    /// retires the key at once.
    public var retirement: Retirement? {
        if let rotatedAt { return .rotated(seq: rotatedAt) }
        return revocation.map(Retirement.revoked)
    }

    /// Whether this key may sign an entry at `time`.
    func isUsable(at time: EntryTime) -> Bool {
        guard rotatedAt == nil else { return false }
        guard let revocation else { return true }
        return time < revocation.effective
    }
}

/// Why a key stopped signing.
public enum Retirement: Sendable {
    /// Replaced by a new key in entry `seq`.
    case rotated(seq: Int64)
    /// Revoked (alone, or with its whole principal).
    case revoked(Revocation)
}

/// A revocation: who recorded it, when it takes effect, and why.
public struct Revocation: Sendable {
    public let seq: Int64
    /// Entries with this time or later may no longer be signed by the revoked key(s).
    public let effective: EntryTime
    public let reason: String
}
