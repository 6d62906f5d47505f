import Governance
import Ledger
import LedgerCrypto

/// `report verify`: a signed report checked against the ledger it attests to. The detached
/// signature must verify over the report's exact bytes; the head its attestation names (tree
/// size and root) must be a head of this ledger; and the signing key must, at that head, belong
/// to a principal holding a role the policy then in force lets sign reports.
public struct ReportVerification: Sendable {
    public let head: AttestedHead
    public let signer: ReportSigner.Authority
    public let keyID: KeyID

    /// Checks `report` and `signature` (made by `key`) against `ledger`; throws a `ReportError`
    /// with the first check that fails.
    public static func check(report: [UInt8], signature: [UInt8], key: PublicKey, ledger: any LedgerStore) throws -> ReportVerification {
        guard key.isValidSignature(signature, for: report) else {
            throw ReportError("the signature does not verify over the report with key \(key.id.hex)"
                + (key.signatureFormProblem(signature).map { " (\($0))" } ?? "")
                + ": the report, its signature or its public key was changed, or they do not belong together", code: .reportSignatureInvalid)
        }
        let head = try AttestedHead.read(report)
        let origin = ledger.config.origin
        if let stated = head.origin, stated != origin {
            throw ReportError("the report attests to ledger \(stated), and this ledger is \(origin)", code: .reportAttestationMismatch)
        }
        let count = try ledger.count()
        guard head.treeSize >= 1, head.treeSize <= count else {
            throw ReportError("the report attests to a tree of \(head.treeSize) entries, and this ledger (\(origin)) has \(count)",
                              code: .reportAttestationMismatch)
        }
        let root = try ledger.treeHead(size: Int(head.treeSize)).root.base64
        guard root == head.rootHash else {
            throw ReportError("the report's root at tree size \(head.treeSize) is \(head.rootHash); this ledger's entries give \(root)",
                              code: .reportAttestationMismatch)
        }
        let state = try GovernanceReplay.state(of: ledger, at: .seq(head.treeSize - 1))
        let time = try EntryDecoder.decode(try ledger.line(at: head.treeSize - 1)).time
        return ReportVerification(head: head, signer: try ReportSigner.check(key, in: state, at: time), keyID: key.id)
    }
}
