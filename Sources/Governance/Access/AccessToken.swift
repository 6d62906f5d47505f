import Ledger
import LedgerCrypto

/// A bearer token an admin issued to a customer (or an integration acting for one): recorded in
/// the ledger by its SHA-256 only, with its customer, scopes and expiry, and revocable.
///
/// The secret itself is shown once, when issued: `tlt_<id>_<secret>`, where `id` is 16 lowercase
/// hex characters (public, recorded, the handle for `token revoke`) and `secret` is 32 random bytes
/// in base64url without padding. The ledger keeps `SHA-256(whole token text)` (docs/format.md §6.8).
public struct AccessToken: Sendable, Equatable {
    /// The public handle: 16 lowercase hex characters.
    public let id: String
    /// The customer every read with this token is confined to.
    public let customer: String
    /// What the token may do.
    public let scopes: Set<TokenScope>
    /// The first instant at which the token no longer works.
    public let expires: EntryTime
    /// SHA-256 of the token text.
    public let hash: [UInt8]
    /// A note for people: what the token is for.
    public let label: String
    /// The `token.issue` entry, its time, and the principal who signed it.
    public let issuedAt: Int64
    public let issuedTime: EntryTime
    public let issuedBy: String
    /// The `token.revoke` entry, if any.
    public internal(set) var revocation: TokenRevocation?

    public init(id: String, customer: String, scopes: Set<TokenScope>, expires: EntryTime, hash: [UInt8], label: String,
                issuedAt: Int64, issuedTime: EntryTime, issuedBy: String, revocation: TokenRevocation? = nil) {
        self.id = id
        self.customer = customer
        self.scopes = scopes
        self.expires = expires
        self.hash = hash
        self.label = label
        self.issuedAt = issuedAt
        self.issuedTime = issuedTime
        self.issuedBy = issuedBy
        self.revocation = revocation
    }

    /// `active`, `expired` or `revoked` at `time`.
    public func status(at time: EntryTime) -> String {
        if revocation != nil { return "revoked" }
        return time < expires ? "active" : "expired"
    }

    /// The token as `token list --json` and the server's `/tokens` show it, with its status at `time`.
    public func json(at time: EntryTime) -> JSONValue {
        guard case var .object(members) = json else { return json }
        members["status"] = .string(status(at: time))
        return .object(members)
    }

    /// The token's record (never the hash's preimage).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "customer": .string(customer), "scopes": .array(scopes.sorted().map { .string($0.rawValue) }),
            "expires": .string(expires.rfc3339), "label": .string(label), "issued_seq": .integer(issuedAt),
            "issued_at": .string(issuedTime.rfc3339), "issued_by": .string(issuedBy),
        ]
        if let revocation {
            members["revoked_seq"] = .integer(revocation.seq)
            members["revoked_at"] = .string(revocation.time.rfc3339)
            members["revoked_reason"] = .string(revocation.reason)
        }
        return .object(members)
    }
}

/// When and why a token was revoked.
public struct TokenRevocation: Sendable, Equatable {
    public let seq: Int64
    public let time: EntryTime
    public let reason: String

    public init(seq: Int64, time: EntryTime, reason: String) {
        self.seq = seq
        self.time = time
        self.reason = reason
    }
}

/// What a token may do. `read`: the customer's own licenses, entitlements, usage, SLA record and
/// history, never another customer's. `activate`: activate, renew and release machines on the
/// customer's licenses (what a product installed at the customer holds). `request`: ask for an
/// upgrade, more seats or an add-on on the customer's licenses (`customer.request`).
public enum TokenScope: String, Sendable, Hashable, Comparable, CaseIterable {
    case activate
    case read
    case request

    public static func < (a: TokenScope, b: TokenScope) -> Bool { a.rawValue < b.rawValue }

    /// The scopes, for help and errors.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
