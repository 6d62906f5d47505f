import LedgerCrypto

/// The codes of the Reports module's errors (`RPT-…`).
extension ErrorCode {
    /// The ledger does not yet hold what the report needs.
    public static let reportNotPossible = ErrorCode("RPT-001", .conflict,
        remedy: "record what the message names first (a policy, for health findings), then ask again")
}
