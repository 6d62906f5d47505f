import Governance
import Ledger
import LedgerCrypto

/// Machine activations: recorded by the server's activation key (role `activator`) for a product
/// that presents a customer token with the `activate` scope.
extension GovernanceService {
    /// Records an activation of `license` for the machine `fingerprint` (the ledger keeps its SHA-256).
    public func activate(license: String, fingerprint: String, mode: Activation.Mode, token: String, _ signing: Signing) throws -> Activation {
        let id = Hex.encode(try SecureRandom.bytes(8))
        let body = ActivationEntry.activateBody(id: id, license: license, fingerprint: fingerprint, mode: mode, token: token)
        let recorded = try record(ActivationEntry.activate, body, signedBy: signing.key, at: signing.time, future: signing.future, wait: signing.wait)
        guard let activation = recorded.state.activations[license]?.first(where: { $0.id == id }) else {
            throw ServiceError.changeRefused("activation \(id) was not recorded")
        }
        return activation
    }

    /// Records the end of activations of `license` (one entry each, one batch), for `reason`.
    public func deactivate(license: String, activations ids: [String], reason: String, _ signing: Signing) throws -> Recorded {
        let drafts = ids.map { EntryDraft(type: ActivationEntry.deactivate, body: ActivationEntry.deactivateBody(id: $0, license: license, reason: reason)) }
        return try record(drafts, signing)
    }
}
