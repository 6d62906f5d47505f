import LedgerCrypto

/// The codes of the Reports module's errors (`RPT-…`).
extension ErrorCode {
    /// The ledger does not yet hold what the report needs.
    public static let reportNotPossible = ErrorCode("RPT-001", .conflict,
        remedy: "record what the message names first (a policy, for health findings), then ask again")
    /// The key that signs (or signed) a report is not enrolled to a principal holding a role the
    /// policy's `report_signers` allows, at the report's attested head.
    public static let reportSignerNotAllowed = ErrorCode("RPT-002", .forbidden,
        remedy: "sign with the current key of a principal holding a report-signing role (auditor or compliance unless the policy's report_signers says otherwise)")
    /// A report's detached signature does not verify under the public key given.
    public static let reportSignatureInvalid = ErrorCode("RPT-003", .integrity,
        remedy: "the report, its .sig or its .pub was changed or mismatched; ask the signer for the files as written")
    /// A report's attestation does not describe this ledger: another origin, a size beyond its
    /// entries, or a root its entries do not reproduce.
    public static let reportAttestationMismatch = ErrorCode("RPT-004", .integrity,
        remedy: "check the report against the ledger it was made from (--ledger); a root that differs at the same size means one of them was altered")
    /// The report's attestation block cannot be read (not a report, or the block is damaged).
    public static let reportAttestationUnreadable = ErrorCode("RPT-005", .input,
        remedy: "give the report file exactly as `tierledger report … --out` wrote it (md, json, csv or html)")
}
