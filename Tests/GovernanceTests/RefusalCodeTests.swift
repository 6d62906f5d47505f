import Governance
import Ledger
import LedgerCrypto
import Testing

/// The governance rules refuse with a code per rule family, so a caller tells "not your role"
/// (forbidden) from "the request moved on" (conflict) from "a bad body" (input).
@Suite struct RefusalCodeTests {
    /// The code `body` is refused with, by the writer's rules or already when a proposal is built.
    func code(_ body: () throws -> Void) -> ErrorCode? {
        do {
            try body()
            return nil
        } catch {
            return (error as? any CodedError)?.errorCode
        }
    }

    @Test func approvalsAreRefusedByRuleFamily() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "C-1", ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500])
        // Finance may not fill the deal-desk step: forbidden.
        #expect(code { try o.approve(cr, step: 0, by: "fin1") } == .governanceNotAllowed)
        #expect(ErrorCode.governanceNotAllowed.errorClass == .forbidden)
        // Step 2 is not open yet: the request is elsewhere, a conflict.
        #expect(code { try o.approve(cr, step: 1, by: "fin1") } == .governanceRequestState)
        #expect(ErrorCode.governanceRequestState.errorClass == .conflict)
        try o.approve(cr, step: 0, by: "both-hats")
        // One principal fills one slot: separation of duties, forbidden.
        #expect(code { try o.approve(cr, step: 1, by: "both-hats") } == .governanceSeparationOfDuties)
        // An approval of another version of the proposal: stale, a conflict.
        let other = try o.propose(.issue, "C-2", Office.teamIssue)
        #expect(code {
            try o.g.write(Workflow.approve, Workflow.approval(request: cr, proposal: try o.request(other).proposalHash, step: 1, policy: o.policy.hash),
                          by: o.key("fin1"))
        } == .governanceStale)
        // A body without its members: input.
        #expect(code { try o.g.write(Workflow.approve, ["request": .integer(cr)], by: o.key("fin1")) } == .governanceBody)
        #expect(ErrorCode.governanceBody.errorClass == .input)
        // Applying before approval: the request is not there yet.
        #expect(code { try o.apply(other) } == .governanceRequestState)
    }

    @Test func proposalsAreRefusedByRuleFamily() throws {
        let o = try Office()
        #expect(code { try o.propose(.upgrade, "NOPE", ["to_tier": "business"]) } == .governanceNotFound)
        #expect(ErrorCode.governanceNotFound.errorClass == .notFound)
        let issue = try o.propose(.issue, "C-3", Office.teamIssue)
        try o.approve(issue, step: 0, by: "deal")
        try o.apply(issue)
        #expect(code { try o.propose(.issue, "C-3", Office.teamIssue) } == .governanceDuplicate)
        #expect(code { try o.propose(.upgrade, "C-3", ["to_tier": "starter"]) } == .governanceLifecycle)
    }

    @Test func aRefusedAppendCarriesTheRulesCode() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "C-4", Office.teamIssue)
        do {
            try o.approve(cr, step: 0, by: "fin1")
            Issue.record("finance approved a deal-desk step")
        } catch let error as LedgerError {
            guard case let .rejected(reason, code) = error else { throw error }
            #expect(code == .governanceNotAllowed)
            #expect(error.errorClass == .forbidden)
            #expect(reason.contains("needs approver:deal-desk"))
        }
    }
}
