import Governance
import Ledger
import LedgerCrypto

/// Customers' requests: filed by the server's intake key (role `intake`) for a customer token with
/// the `request` scope, declined by the deal desk (a proposer) or an admin.
extension GovernanceService {
    /// Files `customer`'s request for `ask` on `license`, made with the token `token` (its id), with an
    /// optional message. Every rule the ledger applies is checked first, so a refusal carries its
    /// own code and words: a license that is not the token's customer's is `GOV-006` as a missing
    /// one, a token without the scope `GOV-002`, an ask the catalog does not offer `GOV-050`, a repeat
    /// of a live request `GOV-008`.
    public func fileCustomerRequest(license: String, token: String, ask: CustomerRequest.Ask, message: String?, _ signing: Signing) throws -> CustomerRequest {
        let state = try state()
        guard let holder = state.tokens[token] else { throw ServiceError.changeRefused("no token \(token) was issued", code: .governanceNotFound) }
        guard let found = state.licenses[license], found.customer == holder.customer else {
            throw ServiceError.changeRefused("no license \(license)", code: .governanceNotFound)
        }
        guard let policy = state.policy?.set else { throw ServiceError.noPolicy }
        do {
            try state.checkCustomerRequest(license: license, customer: holder.customer, token: token, ask: ask, message: message, at: signing.time)
        } catch {
            throw ServiceError.changeRefused(error.message, code: error.errorCode)
        }
        let body = CustomerRequestEntry.requestBody(license: license, customer: holder.customer, token: token, ask: ask, message: message,
                                                    policy: policy.hash)
        let recorded = try record(CustomerRequestEntry.request, body, signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        guard let seq = recorded.entry?.entry.seq, let filed = recorded.state.customerRequests[seq] else {
            throw LedgerError.rejected(reason: "nothing was written", code: .serviceNothingWritten)
        }
        return filed
    }

    /// Declines the customer request `seq` with `reason` (shown to the customer).
    public func declineCustomerRequest(_ seq: Int64, reason: String, _ signing: Signing) throws -> CustomerRequest {
        let state = try state()
        guard state.customerRequests[seq] != nil else {
            throw ServiceError.changeRefused("no customer request REQ-\(seq); `tierledger change inbox --all` lists them", code: .governanceNotFound)
        }
        guard let policy = state.policy?.set else { throw ServiceError.noPolicy }
        let recorded = try record(CustomerRequestEntry.decline, CustomerRequestEntry.declineBody(request: seq, reason: reason, policy: policy.hash),
                                  signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        guard let filed = recorded.state.customerRequests[seq], filed.decline != nil else {
            throw LedgerError.rejected(reason: "nothing was written", code: .serviceNothingWritten)
        }
        return filed
    }
}
