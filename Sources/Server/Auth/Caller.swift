import Governance
import Ledger
import LedgerCrypto

/// Who sent a request, as its credentials prove: nobody, a customer's bearer token, or an enrolled
/// principal's signature (RFC 9421).
public enum Caller: Sendable, Equatable {
    case anonymous
    /// A bearer token: every read is confined to `customer`.
    case customer(token: String, customer: String, scopes: Set<TokenScope>)
    /// A principal signing with its current key.
    case staff(name: String, roles: Set<Role>, key: KeyID)

    /// How the caller is named in logs and `/whoami` (never a secret).
    public var json: JSONValue {
        switch self {
        case .anonymous:
            return .object(["kind": .string("anonymous")])
        case let .customer(token, customer, scopes):
            return .object(["kind": .string("customer"), "customer": .string(customer), "token": .string(token),
                            "scopes": .array(scopes.sorted().map { .string($0.rawValue) })])
        case let .staff(name, roles, key):
            return .object(["kind": .string("staff"), "name": .string(name), "roles": .array(roles.sorted().map { .string($0.name) }),
                            "key_id": .string(key.hex)])
        }
    }

    /// The bucket the per-credential rate limit charges: the token's id or the key's; none for anonymous callers.
    var limitKey: String? {
        switch self {
        case .anonymous: return nil
        case let .customer(token, _, _): return "token:" + token
        case let .staff(_, _, key): return "key:" + key.hex
        }
    }

    /// True when the caller may read records of `customer`: any staff member, or a token of that
    /// customer with the `read` scope.
    public func mayRead(customer: String) -> Bool {
        switch self {
        case .anonymous: return false
        case let .customer(_, own, scopes): return own == customer && scopes.contains(.read)
        case .staff: return true
        }
    }
}
