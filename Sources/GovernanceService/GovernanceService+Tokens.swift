import Governance
import Ledger
import LedgerCrypto

/// Bearer tokens for customers and integrations: an admin issues one (the ledger records its
/// SHA-256, customer, scopes and expiry), hands the text over once, and may revoke it.
extension GovernanceService {
    /// A token just issued: its text (shown once, never stored) and the entry that records it.
    public struct IssuedToken: Sendable {
        public let text: String
        public let token: AccessToken
        public let recorded: Recorded
    }

    /// Issues a token for `customer` with `scopes`, working for `days` days from the signing time.
    public func issueToken(customer: String, scopes: Set<TokenScope>, days: Int64, label: String, _ signing: Signing) throws -> IssuedToken {
        guard (1...TokenEntry.maxLifetimeDays).contains(days) else {
            throw ServiceError.changeRefused("a token lives 1 to \(TokenEntry.maxLifetimeDays) days, not \(days)", code: .governanceBody)
        }
        guard !scopes.isEmpty else { throw ServiceError.changeRefused("a token needs at least one scope: \(TokenScope.names)", code: .governanceBody) }
        let state = try state()
        guard state.licenses.values.contains(where: { $0.customer == customer }) else {
            throw ServiceError.changeRefused("no license belongs to customer \(customer); `tierledger license list` shows the customers", code: .governanceNotFound)
        }
        let generated = try TokenText.generate()
        let base = max(signing.time, try store.head()?.time ?? signing.time)
        guard let expires = EntryTime(milliseconds: base.milliseconds + days * 86_400_000) else {
            throw ServiceError.changeRefused("the expiry \(days) days after \(base) is out of range", code: .governanceTime)
        }
        let body = TokenEntry.issueBody(id: generated.id, customer: customer, scopes: scopes, expires: expires,
                                        hash: TokenText.digest(generated.text), label: label)
        let recorded = try record(TokenEntry.issue, body, signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        guard let token = recorded.state.tokens[generated.id] else {
            throw ServiceError.changeRefused("token \(generated.id) was not recorded", code: .serviceChangeRefused)
        }
        return IssuedToken(text: generated.text, token: token, recorded: recorded)
    }

    /// Revokes token `id` at the signing time, for `reason`.
    public func revokeToken(_ id: String, reason: String, _ signing: Signing) throws -> Recorded {
        let state = try state()
        guard let token = state.tokens[id] else {
            throw ServiceError.changeRefused("no token \(id); `tierledger token list` shows them", code: .governanceNotFound)
        }
        guard token.revocation == nil else { throw ServiceError.changeRefused("token \(id) is already revoked", code: .governanceDuplicate) }
        return try record(TokenEntry.revoke, TokenEntry.revokeBody(id: id, reason: reason), signedBy: signing.key, at: signing.time,
                          future: signing.future, wait: signing.wait)
    }
}
