import LedgerCrypto

/// The codes of the governance service's errors (`SVC-…`). A policy adoption without an approved
/// request is refused with the governance rule's own code, `GOV-011`.
extension ErrorCode {
    /// No change request with this id.
    public static let serviceNoSuchRequest = ErrorCode("SVC-001", .notFound,
        remedy: "check the id; `tierledger change list` shows the requests")
    /// No emergency change with this id.
    public static let serviceNoSuchEmergency = ErrorCode("SVC-002", .notFound,
        remedy: "check the id; `tierledger change list` shows the emergency changes")
    /// The request has no open step to approve.
    public static let serviceNoOpenStep = ErrorCode("SVC-003", .conflict,
        remedy: "read the request again (`tierledger change show`): it was decided or withdrawn")
    /// No policy is in force yet.
    public static let serviceNoPolicy = ErrorCode("SVC-004", .conflict,
        remedy: "adopt a policy first (`tierledger policy adopt DIR`)")
    /// The change cannot be proposed or amended as given, for a reason the rules give no code of their own.
    public static let serviceChangeRefused = ErrorCode("SVC-005", .input,
        remedy: "change the proposal as the message says")
    /// A write that should have produced an entry produced none.
    public static let serviceNothingWritten = ErrorCode("SVC-006", .internal,
        remedy: "run `tierledger verify` and `tierledger log` to see what the ledger holds, then report it")
}
