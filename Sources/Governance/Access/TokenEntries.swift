import Ledger
import LedgerCrypto

/// The two access-token entries (docs/format.md §6.8), signed by an admin:
///
/// - `token.issue`: `{"customer","expires","hash","id","label","scopes"}`: a token for `customer`
///   with `scopes`, working until `expires` (after the entry's time, at most 366 days after it),
///   known to the ledger only as `hash` (SHA-256 of the token text, 64 lowercase hex);
/// - `token.revoke`: `{"id","reason"}`: the token stops working at the entry's time.
public enum TokenEntry {
    public static let issue = "token.issue"
    public static let revoke = "token.revoke"
    /// The longest a token may live.
    public static let maxLifetimeDays: Int64 = 366

    /// The body of `token.issue`.
    public static func issueBody(id: String, customer: String, scopes: Set<TokenScope>, expires: EntryTime, hash: [UInt8], label: String) -> JSONValue {
        .object(["id": .string(id), "customer": .string(customer), "scopes": .array(scopes.sorted().map { .string($0.rawValue) }),
                 "expires": .string(expires.rfc3339), "hash": .string(Hex.encode(hash)), "label": .string(label)])
    }

    /// The body of `token.revoke`.
    public static func revokeBody(id: String, reason: String) -> JSONValue {
        .object(["id": .string(id), "reason": .string(reason)])
    }
}

extension GovernanceState {
    /// Checks a `token.issue` or `token.revoke` entry and records what it does.
    mutating func admitToken(_ entry: Entry) throws(AuthorityViolation) {
        func fail(_ code: ErrorCode, _ text: String) -> AuthorityViolation { AuthorityViolation(code, "\(entry.type): \(text)") }
        let signer = keyOwners[entry.signer] ?? "?"
        switch entry.type {
        case TokenEntry.issue:
            let reader = BodyReader(entry.body, type: entry.type, allowed: ["customer", "expires", "hash", "id", "label", "scopes"])
            try reader.checkMembers()
            guard let id = entry.body["id"]?.stringValue, TokenText.isTokenID(id) else {
                throw fail(.governanceBody, "\"id\" must be 16 lowercase hex characters")
            }
            guard tokens[id] == nil else { throw fail(.governanceDuplicate, "token \(id) was already issued; issue a new token with a fresh id") }
            guard let customer = entry.body["customer"]?.stringValue, !customer.isEmpty, customer.utf8.count <= 128 else {
                throw fail(.governanceBody, "\"customer\" must be 1-128 bytes of text")
            }
            guard licenses.values.contains(where: { $0.customer == customer }) else {
                throw fail(.governanceNotFound, "no license belongs to customer \(customer); `tierledger license list` shows the customers")
            }
            guard let items = entry.body["scopes"]?.arrayValue, !items.isEmpty else {
                throw fail(.governanceBody, "\"scopes\" must list at least one of \(TokenScope.names)")
            }
            var scopes: Set<TokenScope> = []
            for item in items {
                guard let scope = item.stringValue.flatMap(TokenScope.init(rawValue:)), scopes.insert(scope).inserted else {
                    throw fail(.governanceBody, "\"scopes\" holds an unknown or repeated scope; scopes are \(TokenScope.names)")
                }
            }
            guard let expires = entry.body["expires"]?.stringValue.flatMap(EntryTime.init(rfc3339:)) else {
                throw fail(.governanceBody, "\"expires\" must be an RFC 3339 time")
            }
            guard expires > entry.time, expires.milliseconds - entry.time.milliseconds <= TokenEntry.maxLifetimeDays * 86_400_000 else {
                throw fail(.governanceTime, "\"expires\" (\(expires)) must be after the entry's time and at most \(TokenEntry.maxLifetimeDays) days after it")
            }
            guard let hex = entry.body["hash"]?.stringValue, hex.utf8.count == 64, hex == hex.lowercased(), let hash = Hex.decode(hex) else {
                throw fail(.governanceBody, "\"hash\" must be the SHA-256 of the token text, 64 lowercase hex characters")
            }
            guard let label = entry.body["label"]?.stringValue, label.utf8.count <= 200 else {
                throw fail(.governanceBody, "\"label\" must be text of at most 200 bytes (may be empty)")
            }
            tokens[id] = AccessToken(id: id, customer: customer, scopes: scopes, expires: expires, hash: hash, label: label,
                                     issuedAt: entry.seq, issuedTime: entry.time, issuedBy: signer)
        default:
            let reader = BodyReader(entry.body, type: entry.type, allowed: ["id", "reason"])
            try reader.checkMembers()
            guard let id = entry.body["id"]?.stringValue, var token = tokens[id] else {
                throw fail(.governanceNotFound, "no token \(entry.body["id"]?.stringValue ?? "(missing id)") was issued; `tierledger token list` shows them")
            }
            guard token.revocation == nil else { throw fail(.governanceDuplicate, "token \(id) is already revoked") }
            guard let reason = entry.body["reason"]?.stringValue, !reason.isEmpty, reason.utf8.count <= 1000 else {
                throw fail(.governanceBody, "\"reason\" must be 1-1000 bytes of text")
            }
            token.revocation = TokenRevocation(seq: entry.seq, time: entry.time, reason: reason)
            tokens[id] = token
        }
    }

    /// The token `text` names, if it was issued, is unrevoked and unexpired at `time`, and its
    /// digest matches (compared in constant time); otherwise why not.
    public func token(presented text: String, at time: EntryTime) -> Result<AccessToken, TokenRefusal> {
        guard let id = TokenText.id(of: text) else { return .failure(.malformed) }
        guard let token = tokens[id], SecureRandom.constantTimeEqual(TokenText.digest(text), token.hash) else { return .failure(.unknown) }
        if let revocation = token.revocation { return .failure(.revoked(id: id, seq: revocation.seq)) }
        guard time < token.expires else { return .failure(.expired(id: id, at: token.expires)) }
        return .success(token)
    }
}

/// Why a presented token does not authenticate.
public enum TokenRefusal: CodedError, Sendable, Equatable {
    /// Not shaped like `tlt_<id>_<secret>`.
    case malformed
    /// No token with this id and secret was issued.
    case unknown
    case revoked(id: String, seq: Int64)
    case expired(id: String, at: EntryTime)

    public var message: String {
        switch self {
        case .malformed: return "the bearer token is not a tierledger token (tlt_…)"
        case .unknown: return "the bearer token was not issued by this ledger"
        case let .revoked(id, seq): return "token \(id) was revoked in entry \(seq)"
        case let .expired(id, at): return "token \(id) expired at \(at)"
        }
    }

    public var description: String { message }
    public var errorCode: ErrorCode { .governanceNotAllowed }
}
