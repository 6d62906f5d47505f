import Ledger
import LedgerCrypto

extension GovernanceState {
    /// The principal whose key `keyID` may sign at `time`, with that key: what a signed request to
    /// the server (RFC 9421) is authenticated by. Fails with the reason when the key is unknown,
    /// rotated out or revoked, or its principal is revoked.
    public func staffKey(_ keyID: KeyID, at time: EntryTime) -> Result<(principal: Principal, key: PublicKey), StaffKeyRefusal> {
        guard let name = keyOwners[keyID], let principal = principals[name],
              let record = principal.keys.first(where: { $0.key.id == keyID })
        else { return .failure(.unknown(keyID)) }
        if let revocation = principal.revocation, time >= revocation.effective { return .failure(.principalRevoked(name, seq: revocation.seq)) }
        guard record.isUsable(at: time) else { return .failure(.retired(keyID, owner: name)) }
        return .success((principal, record.key))
    }
}

/// Why a key cannot authenticate a request now.
public enum StaffKeyRefusal: CodedError, Sendable, Equatable {
    case unknown(KeyID)
    case principalRevoked(String, seq: Int64)
    case retired(KeyID, owner: String)

    public var message: String {
        switch self {
        case let .unknown(id): return "key \(id.short)… belongs to no enrolled principal of this ledger"
        case let .principalRevoked(name, seq): return "principal \(name) was revoked in entry \(seq)"
        case let .retired(id, owner): return "key \(id.short)… of \(owner) was rotated out or revoked; sign with the current key"
        }
    }

    public var description: String { message }
    public var errorCode: ErrorCode { .governanceNotAllowed }
}
