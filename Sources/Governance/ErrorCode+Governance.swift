import LedgerCrypto

/// The codes of the Governance module's errors (`GOV-…`): the governance rules' refusals, one code
/// per rule family, then policy files, usage imports and quotes.
extension ErrorCode {
    /// An entry's body is malformed: a member missing, unknown or of the wrong form.
    public static let governanceBody = ErrorCode("GOV-001", .input,
        remedy: "write the body as docs/format.md §6 describes for its entry type")
    /// The signer's principal, key or roles may not sign this entry.
    public static let governanceNotAllowed = ErrorCode("GOV-002", .forbidden,
        remedy: "sign with the current key of an active principal that holds the role the entry needs")
    /// Separation of duties: the signer already acted on this request in another capacity.
    public static let governanceSeparationOfDuties = ErrorCode("GOV-003", .forbidden,
        remedy: "ask another principal with the role: a proposer never decides their own change, one principal fills one slot, and where the rule says so neither the proposer nor an approver applies it")
    /// The request is not in the state this entry needs (decided, applied, step already moved on).
    public static let governanceRequestState = ErrorCode("GOV-004", .conflict,
        remedy: "read the request again (`tierledger change show`) and act on its present state")
    /// The entry names a proposal version, policy version, rule or quote that is no longer current.
    public static let governanceStale = ErrorCode("GOV-005", .conflict,
        remedy: "read the request and the policy in force again, and sign what they say now")
    /// The entry names a request, license, principal or key that does not exist (or a principal
    /// that was revoked, for an entry about that principal).
    public static let governanceNotFound = ErrorCode("GOV-006", .notFound,
        remedy: "check the id (`tierledger change list`, `tierledger license show`, `tierledger principal list`)")
    /// No policy is in force yet.
    public static let governanceNoPolicy = ErrorCode("GOV-007", .conflict,
        remedy: "adopt a policy first (`tierledger policy adopt DIR`)")
    /// What the entry creates already exists (a principal, a key, a record, a role held).
    public static let governanceDuplicate = ErrorCode("GOV-008", .conflict,
        remedy: "nothing to do if it was meant once; otherwise choose a new name, key or record")
    /// The license's lifecycle does not allow the change (terminated, expired, below recorded usage).
    public static let governanceLifecycle = ErrorCode("GOV-009", .input,
        remedy: "change the proposal as the message says (a renewal first, another tier, a remediation note)")
    /// The entry would leave the ledger without an active admin.
    public static let governanceLastAdmin = ErrorCode("GOV-010", .input,
        remedy: "enrol another admin first")
    /// A new policy version needs an approved policy-adopt change request.
    public static let governanceAdoptionUnapproved = ErrorCode("GOV-011", .forbidden,
        remedy: "propose it with `tierledger change propose policy-adopt --policies DIR` and have it approved")
    /// The entry type is not one a governed ledger accepts here.
    public static let governanceEntryType = ErrorCode("GOV-012", .input,
        remedy: "use the governance entry types of docs/format.md §6, through the tierledger commands")
    /// The adopted policy content does not load or does not match its hash.
    public static let governancePolicyContent = ErrorCode("GOV-013", .input,
        remedy: "adopt the policy with `tierledger policy adopt DIR`, which writes content and hash together")
    /// No approval rule of the policy in force matches the change.
    public static let governanceNoApprovalRule = ErrorCode("GOV-014", .input,
        remedy: "add an approval rule that matches (a catch-all last rule), adopt that policy, then propose again")
    /// A time or date in the entry is out of order or out of range.
    public static let governanceTime = ErrorCode("GOV-015", .input,
        remedy: "give times in order, not after the entry's own time, and within the ranges the message names")
    /// The policy files do not load.
    public static let governancePolicyFiles = ErrorCode("GOV-020", .input,
        remedy: "fix each problem at the file:line:column printed, then run `tierledger policy check DIR`")
    /// A usage row cannot be recorded.
    public static let governanceUsageRow = ErrorCode("GOV-021", .input,
        remedy: "correct the row the message names; rows already recorded with the same value are skipped")
    /// A usage CSV line is malformed.
    public static let governanceUsageCSV = ErrorCode("GOV-022", .input,
        remedy: "give a CSV with the header license,metric,period_start,period_end,value and one row per line")
    /// A quote cannot be made as asked.
    public static let governanceQuote = ErrorCode("GOV-023", .input,
        remedy: "choose a tier, seats, term, add-ons and discount the catalog offers (policies/tiers.yaml)")
    /// Every seat of the license is taken by an activation.
    public static let governanceSeatsExhausted = ErrorCode("GOV-040", .conflict,
        remedy: "deactivate a machine, let a floating lease expire, or add seats to the license")
    /// What a customer asks for is not on offer for its license (tier, seats or add-on).
    public static let governanceCustomerAsk = ErrorCode("GOV-050", .input,
        remedy: "ask for a higher tier, more seats within the tier's limit, or an add-on the tier offers and the license lacks (the message lists what exists)")
    /// A proposal names a customer request but proposes something else.
    public static let governanceRequestMismatch = ErrorCode("GOV-051", .conflict,
        remedy: "propose the kind, license and value the request asks for (`tierledger change inbox` prints the command), or decline the request with a reason and propose separately")
}
