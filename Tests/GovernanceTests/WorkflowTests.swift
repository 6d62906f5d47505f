import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A governed ledger with the shipped policy adopted and a cast: pat (proposer), deal (deal desk),
/// fin1 and fin2 (finance), lee (legal), and both-hats (deal desk and finance).
final class Office: @unchecked Sendable {
    let g: GovernedLedger
    var keys: [String: PrivateKey] = [:]
    let policy: PolicySet

    /// `approvals`, when given, edits the shipped approvals.yaml before it is adopted.
    init(approvals edit: ((String) -> String)? = nil, tiers tierEdit: ((String) -> String)? = nil) throws {
        g = try GovernedLedger()
        if edit != nil || tierEdit != nil {
            let directory = PolicyCheckTests.directory
            let tiers = try String(contentsOfFile: directory + "/tiers.yaml", encoding: .utf8)
            let approvals = try String(contentsOfFile: directory + "/approvals.yaml", encoding: .utf8)
            policy = try PolicySet.load(tiers: tierEdit.map { $0(tiers) } ?? tiers, approvals: edit.map { $0(approvals) } ?? approvals)
        } else {
            policy = try PolicySet.load(directory: PolicyCheckTests.directory)
        }
        for (name, roles) in [("pat", ["proposer"]), ("deal", ["approver:deal-desk"]), ("fin1", ["approver:finance"]),
                              ("fin2", ["approver:finance"]), ("lee", ["approver:legal"]), ("both-hats", ["approver:deal-desk", "approver:finance"]),
                              ("pat-approver", ["proposer", "approver:deal-desk"]), ("sec", ["approver:security"])] {
            let key = try PrivateKey.generate(.ed25519)
            keys[name] = key
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: name, roles: Set(roles.compactMap(Role.init)), key: key.publicKey), by: g.admin)
        }
        try g.write(PolicyAdoption.type, PolicyAdoption.body(policy), by: g.admin)
    }

    func key(_ name: String) -> PrivateKey { name == "ops" ? g.ops : name == "admin" ? g.admin : keys[name]! }

    func state() throws -> GovernanceState { try GovernanceReplay.state(of: g.ledger) }

    /// Proposes a change as `by`; returns the request's seq.
    @discardableResult
    func propose(_ kind: ChangeKind, _ license: String, _ params: JSONValue, by: String = "pat") throws -> Int64 {
        let body = try Workflow.proposal(kind: kind, license: license, params: params, reason: "test", under: policy,
                                         state: try state(), at: g.nextTime)
        return try g.write(Workflow.propose, body, by: key(by)).entry.seq
    }

    func request(_ seq: Int64) throws -> ChangeRequest { try #require(try state().requests[seq]) }

    func approve(_ seq: Int64, step: Int, by: String) throws {
        let r = try request(seq)
        try g.write(Workflow.approve, Workflow.approval(request: seq, proposal: r.proposalHash, step: step, policy: policy.hash), by: key(by))
    }

    func apply(_ seq: Int64, by: String = "ops") throws {
        try g.write(Workflow.apply, Workflow.application(request: seq, proposal: try request(seq).proposalHash, policy: policy.hash), by: key(by))
    }

    /// Fills every step of `seq` with eligible principals other than the proposer.
    func approveAll(_ seq: Int64) throws {
        let rule = try request(seq).rule
        var used: Set<String> = []
        for (i, step) in rule.steps.enumerated() {
            let principals = try state().principals
            let eligible = ["deal", "fin1", "fin2", "lee", "sec", "admin"].filter { name in
                (principals[name]?.roles.contains(step.role) ?? false) && !used.contains(name)
            }
            for name in eligible.prefix(Int(step.count)) {
                try approve(seq, step: i, by: name)
                used.insert(name)
            }
        }
    }

    func refused(_ words: String, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            // Refused by the writer's rules, or already when the proposal is built.
            if case let LedgerError.rejected(reason, _) = error { return reason.contains(words) }
            return (error as? AuthorityViolation)?.message.contains(words) == true
        }
    }

    static let teamIssue: JSONValue = ["customer": "acme", "tier": "team", "seats": 10, "term_months": 12]
}

@Suite struct WorkflowTests {
    @Test func proposeApproveApplyIssuesALicense() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "ACME-1", Office.teamIssue)
        let r = try o.request(cr)
        #expect(r.rule.id == "standard")
        #expect(r.quote?.total == 21_988)
        o.refused("approved request") { try o.apply(cr) }                  // not yet approved
        try o.approve(cr, step: 0, by: "deal")
        #expect(try o.request(cr).state == .approved)
        o.refused("needs admin or operator") { try o.apply(cr, by: "deal") }
        try o.apply(cr)
        let license = try #require(try o.state().licenses["ACME-1"])
        #expect(license.tier == "team")
        #expect(license.seats == 10)
        #expect(license.changes == [cr + 2])
        o.refused("only an approved request is applied, once") { try o.apply(cr) }
        #expect(try o.g.verify().isIntact)
    }

    @Test func stepsAreOrderedMOfNWithSeparationOfDuties() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "ACME-2", ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500])
        #expect(try o.request(cr).rule.id == "deep-discount")
        o.refused("steps go in order") { try o.approve(cr, step: 1, by: "fin1") }
        o.refused("does not qualify") { try o.approve(cr, step: 0, by: "fin1") }
        try o.approve(cr, step: 0, by: "both-hats")
        o.refused("one principal fills one slot") { try o.approve(cr, step: 1, by: "both-hats") }
        try o.approve(cr, step: 1, by: "fin1")
        #expect(try o.request(cr).state == .pending)
        o.refused("come from distinct principals") { try o.approve(cr, step: 1, by: "fin1") }
        try o.approve(cr, step: 1, by: "fin2")
        #expect(try o.request(cr).state == .approved)
        // A proposer never approves their own change.
        let own = try o.propose(.issue, "ACME-3", Office.teamIssue, by: "pat-approver")
        o.refused("separation of duties") { try o.approve(own, step: 0, by: "pat-approver") }
        #expect(try o.g.verify().isIntact)
    }

    @Test func escalationOpensAfterItsDelayAndExpiryCloses() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "ACME-4", ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500])
        try o.approve(cr, step: 0, by: "deal")
        try o.approve(cr, step: 1, by: "fin1")
        o.refused("once it has waited 48 h") { try o.approve(cr, step: 1, by: "admin") }
        o.g.advance(hours: 48)
        try o.approve(cr, step: 1, by: "admin")
        let done = try o.request(cr)
        #expect(done.state == .approved)
        #expect(done.approvals[1].last?.escalated == true)
        // Expiry: deep-discount requests expire after 168 h.
        let late = try o.propose(.issue, "ACME-5", ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500])
        o.g.advance(hours: 168)
        o.refused("is expired, not pending") { try o.approve(late, step: 0, by: "deal") }
        #expect(try o.request(late).status(at: o.g.nextTime) == .expired)
        #expect(try o.g.verify().isIntact)
    }

    @Test func rejectAndWithdrawCloseARequest() throws {
        let o = try Office()
        let a = try o.propose(.issue, "R-1", Office.teamIssue)
        try o.g.write(Workflow.reject, Workflow.rejection(request: a, proposal: try o.request(a).proposalHash, reason: "price too low", policy: o.policy.hash),
                      by: o.key("deal"))
        #expect(try o.request(a).state == .rejected)
        o.refused("not pending") { try o.approve(a, step: 0, by: "deal") }
        let b = try o.propose(.issue, "R-2", Office.teamIssue)
        o.refused("only the proposer or an admin") { try o.g.write(Workflow.withdraw, Workflow.withdrawal(request: b, reason: "x", policy: o.policy.hash), by: o.key("deal")) }
        try o.g.write(Workflow.withdraw, Workflow.withdrawal(request: b, reason: "customer went elsewhere", policy: o.policy.hash), by: o.key("pat"))
        #expect(try o.request(b).state == .withdrawn)
        // An approval naming another proposal's hash counts for nothing.
        let c = try o.propose(.issue, "R-3", Office.teamIssue)
        o.refused("counts for nothing") {
            try o.g.write(Workflow.approve, Workflow.approval(request: c, proposal: try o.request(a).proposalHash, step: 0, policy: o.policy.hash), by: o.key("deal"))
        }
        #expect(try o.g.verify().isIntact)
    }

    @Test func lifecycleRules() throws {
        let o = try Office()
        let issue = try o.propose(.issue, "L-1", Office.teamIssue)
        try o.approve(issue, step: 0, by: "deal")
        try o.apply(issue)
        func run(_ kind: ChangeKind, _ params: JSONValue) throws {
            let cr = try o.propose(kind, "L-1", params)
            let rule = try o.request(cr).rule
            var used: Set<String> = []
            for (i, step) in rule.steps.enumerated() {
                let candidates = ["deal", "fin1", "fin2", "lee", "admin"].filter { name in
                    let roles: Set<Role> = name == "admin" ? [.admin] : ((try? o.state().principals[name]?.roles) ?? nil) ?? []
                    return roles.contains(step.role) && !used.contains(name)
                }
                for name in candidates.prefix(Int(step.count)) { try o.approve(cr, step: i, by: name); used.insert(name) }
            }
            try o.apply(cr)
        }
        o.refused("not above team") { try o.propose(.upgrade, "L-1", ["to_tier": "starter"]) }
        o.refused("only a suspended license can be reinstated") { try o.propose(.reinstate, "L-1", [:]) }
        o.refused("already exists") { try o.propose(.issue, "L-1", Office.teamIssue) }
        try run(.upgrade, ["to_tier": "business"])
        try run(.suspend, [:])
        try run(.reinstate, [:])
        try run(.transfer, ["to_customer": "acme-holdings"])
        try run(.addonAdd, ["addon": "premium-support"])
        let license = try #require(try o.state().licenses["L-1"])
        #expect(license.tier == "business")
        #expect(license.customer == "acme-holdings")
        #expect(license.addons == ["premium-support"])
        #expect(license.changes.count == 6)
        // Expired by replay, not by a job: after the term end the license reads as expired.
        #expect(license.status(at: license.termEnd) == .expired)
        try run(.terminate, [:])
        o.refused("terminated") { try o.propose(.renew, "L-1", ["term_months": 12]) }
        #expect(try o.g.verify().isIntact)
    }

    @Test func handWrittenEntriesWithValidKeysFailVerify() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "F-1", Office.teamIssue)
        // An apply before approval, forced into the file.
        let applySeq = try o.g.force(Workflow.apply, Workflow.application(request: cr, proposal: try o.request(cr).proposalHash, policy: o.policy.hash), by: o.g.ops)
        var failure = try #require(try o.g.verify().failure)
        #expect(failure.seq == applySeq)
        #expect(failure.reason.contains("only an approved request is applied"))

        // A proposal whose quote was edited to a lower price.
        let o2 = try Office()
        guard case var .object(body) = try Workflow.proposal(kind: .issue, license: "F-2", params: Office.teamIssue, reason: "x", under: o2.policy,
                                                             state: try o2.state(), at: o2.g.nextTime),
              case var .object(quote) = body["quote"] else { Issue.record("unexpected body"); return }
        quote["total"] = 1
        body["quote"] = .object(quote)
        let seq = try o2.g.force(Workflow.propose, .object(body), by: o2.key("pat"))
        failure = try #require(try o2.g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("quote is not the one the policy in force gives"))

        // A raw entry in a reserved namespace.
        let o3 = try Office()
        let raw = try o3.g.force("change.sneak", ["x": 1], by: o3.g.ops)
        failure = try #require(try o3.g.verify().failure)
        #expect(failure.seq == raw)
        #expect(failure.reason.contains("reserves"))
    }

    /// Approvals and applies the writer would refuse, forced into the file with valid keys and a valid
    /// chain: verify names each at its own entry.
    @Test(arguments: ["self-approval", "a role the step does not need", "one principal filling two slots",
                      "an approval of a superseded proposal", "an approval replayed onto another change",
                      "an approval after expiry", "an apply twice"])
    func forgedWorkflowEntriesFailVerifyAtTheirEntry(_ forgery: String) throws {
        let o = try Office()
        let cr = try o.propose(.issue, "W-1", Office.teamIssue)
        let hash = try o.request(cr).proposalHash
        func approval(_ request: Int64, _ proposal: Digest, step: Int = 0) -> JSONValue {
            Workflow.approval(request: request, proposal: proposal, step: step, policy: o.policy.hash)
        }
        let seq: Int64
        let reason: String
        switch forgery {
        case "self-approval":
            let own = try o.propose(.issue, "W-2", Office.teamIssue, by: "pat-approver")
            seq = try o.g.force(Workflow.approve, approval(own, try o.request(own).proposalHash), by: o.key("pat-approver"))
            reason = "separation of duties"
        case "a role the step does not need":
            seq = try o.g.force(Workflow.approve, approval(cr, hash), by: o.key("lee"))
            reason = "needs approver:deal-desk"
        case "one principal filling two slots":
            let deep = try o.propose(.issue, "W-3", ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500])
            let deepHash = try o.request(deep).proposalHash
            try o.approve(deep, step: 0, by: "deal")
            try o.approve(deep, step: 1, by: "fin1")
            seq = try o.g.force(Workflow.approve, approval(deep, deepHash, step: 1), by: o.key("fin1"))
            reason = "fin1"
        case "an approval of a superseded proposal":
            let amended = try Workflow.amendment(of: try o.request(cr), params: ["customer": "acme", "tier": "team", "seats": 12, "term_months": 12],
                                                 reason: "more seats", under: o.policy, state: try o.state(), at: o.g.nextTime)
            try o.g.write(Workflow.amend, amended, by: o.key("pat"))
            seq = try o.g.force(Workflow.approve, approval(cr, hash), by: o.key("deal"))
            reason = "proposal"
        case "an approval replayed onto another change":
            let other = try o.propose(.issue, "W-4", ["customer": "beta", "tier": "team", "seats": 5, "term_months": 12])
            seq = try o.g.force(Workflow.approve, approval(other, hash), by: o.key("deal"))
            reason = "proposal"
        case "an approval after expiry":
            o.g.advance(hours: 24 * 15)
            seq = try o.g.force(Workflow.approve, approval(cr, hash), by: o.key("deal"))
            reason = "expired"
        default:
            try o.approve(cr, step: 0, by: "deal")
            try o.apply(cr)
            seq = try o.g.force(Workflow.apply, Workflow.application(request: cr, proposal: hash, policy: o.policy.hash), by: o.g.ops)
            reason = "applied"
        }
        let failure = try #require(try o.g.verify().failure, "\(forgery) not detected")
        #expect(failure.seq == seq, "\(forgery): \(failure)")
        #expect(failure.code == .authority, "\(forgery): \(failure)")
        #expect(failure.reason.contains(reason), "\(forgery): \(failure.reason)")
    }

    @Test func amendingMakesANewVersionAndClearsApprovals() throws {
        let o = try Office()
        let cr = try o.propose(.issue, "AM-1", ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500])
        try o.approve(cr, step: 0, by: "deal")
        let oldHash = try o.request(cr).proposalHash
        func amend(_ params: JSONValue, by: String = "pat") throws {
            let body = try Workflow.amendment(of: try o.request(cr), params: params, reason: "customer took less discount", under: o.policy,
                                              state: try o.state(), at: o.g.nextTime)
            try o.g.write(Workflow.amend, body, by: o.key(by))
        }
        o.refused("only the proposer") { try amend(["customer": "acme", "tier": "business", "seats": 20, "term_months": 12], by: "deal") }
        try amend(["customer": "acme", "tier": "business", "seats": 20, "term_months": 12])
        let amended = try o.request(cr)
        #expect(amended.rule.id == "standard")           // without the deep discount, another rule applies
        let cleared = amended.approvals.allSatisfy { $0.isEmpty }
        #expect(cleared)                                   // approvals of the old version are gone
        #expect(amended.proposalHash != oldHash)
        #expect(amended.amendments.count == 1)
        o.refused("counts for nothing") {
            try o.g.write(Workflow.approve, Workflow.approval(request: cr, proposal: oldHash, step: 0, policy: o.policy.hash), by: o.key("deal"))
        }
        try o.approve(cr, step: 0, by: "deal")
        try o.apply(cr)
        #expect(try o.state().licenses["AM-1"]?.seats == 20)
        #expect(try o.g.verify().isIntact)
    }

    @Test func emergencyChangesApplyAtOnceAndAwaitReview() throws {
        let o = try Office()
        let issue = try o.propose(.issue, "EM-1", Office.teamIssue)
        try o.approve(issue, step: 0, by: "deal")
        try o.apply(issue)
        let body = Workflow.emergencyChange(kind: .suspend, license: "EM-1", params: [:], reason: "fraud alert", policy: o.policy.hash)
        o.refused("needs admin") { try o.g.write(Workflow.emergency, body, by: o.g.ops) }
        let seq = try o.g.write(Workflow.emergency, body, by: o.g.admin).entry.seq
        #expect(try o.state().licenses["EM-1"]?.status == .suspended)
        let change = try #require(try o.state().emergencies[seq])
        #expect(change.status(at: o.g.nextTime) == .awaitingReview)
        #expect(change.status(at: change.reviewDeadline) == .reviewOverdue)
        o.refused("does not hold it") { try o.g.write(Workflow.review, Workflow.reviewal(request: seq, policy: o.policy.hash), by: o.key("fin1")) }
        o.g.advance(hours: 60)   // past the 48-hour window: the review is accepted, marked late
        try o.g.write(Workflow.review, Workflow.reviewal(request: seq, policy: o.policy.hash, comment: "confirmed fraud"), by: o.key("sec"))
        let reviewed = try #require(try o.state().emergencies[seq])
        #expect(reviewed.status(at: o.g.nextTime) == .reviewed)
        #expect(reviewed.review?.late == true)
        o.refused("already reviewed") { try o.g.write(Workflow.review, Workflow.reviewal(request: seq, policy: o.policy.hash), by: o.key("sec")) }
        #expect(try o.g.verify().isIntact)
    }
}

/// m-of-n means m distinct principals, and a request is decided under the version it was routed by.
@Suite struct DistinctApproverTests {
    static func manySlots(_ approvals: String) -> String {
        approvals.replacingOccurrences(of: "one_slot_per_principal: true", with: "one_slot_per_principal: false")
    }
    static let deepDiscount: JSONValue = ["customer": "acme", "tier": "business", "seats": 20, "term_months": 12, "discount_bp": 2500]

    @Test func oneApproverNeverFillsTwoSlotsOfAStepWhateverTheFlag() throws {
        let o = try Office(approvals: Self.manySlots)
        #expect(o.policy.approvals.oneSlotPerPrincipal == false)
        let cr = try o.propose(.issue, "D-1", Self.deepDiscount)
        // Without the flag one principal may fill a slot in two different steps...
        try o.approve(cr, step: 0, by: "both-hats")
        try o.approve(cr, step: 1, by: "both-hats")
        // ...but never two slots of one step: count 2 means two people.
        o.refused("come from distinct principals") { try o.approve(cr, step: 1, by: "both-hats") }
        #expect(try o.request(cr).state == .pending)
        try o.approve(cr, step: 1, by: "fin1")
        #expect(try o.request(cr).state == .approved)
        #expect(try o.g.verify().isIntact)
    }

    @Test func verifyNamesASecondSlotOfTheSameStepForcedIntoTheFile() throws {
        let o = try Office(approvals: Self.manySlots)
        let cr = try o.propose(.issue, "D-2", Self.deepDiscount)
        try o.approve(cr, step: 0, by: "deal")
        try o.approve(cr, step: 1, by: "fin1")
        let hash = try o.request(cr).proposalHash
        let forged = try o.g.force(Workflow.approve, Workflow.approval(request: cr, proposal: hash, step: 1, policy: o.policy.hash), by: o.key("fin1"))
        let applied = try o.g.force(Workflow.apply, Workflow.application(request: cr, proposal: hash, policy: o.policy.hash), by: o.g.ops)
        let failure = try #require(try o.g.verify().failure)
        #expect(failure.seq == forged)
        #expect(failure.code == .authority)
        #expect(failure.reason.contains("distinct principals"))
        #expect(applied == forged + 1)
    }

    @Test func aRequestIsDecidedUnderThePolicyItWasRoutedBy() throws {
        // Routed while one slot per principal holds; a later version drops the flag.
        let o = try Office()
        let cr = try o.propose(.issue, "D-3", Self.deepDiscount)
        #expect(try o.request(cr).oneSlotPerPrincipal)
        let next = try PolicySet.load(
            tiers: try String(contentsOfFile: PolicyCheckTests.directory + "/tiers.yaml", encoding: .utf8),
            approvals: Self.manySlots(try String(contentsOfFile: PolicyCheckTests.directory + "/approvals.yaml", encoding: .utf8)))
        let change = try o.propose(.policyAdopt, LicenseChange.policyLicenseID, ["hash": .string(next.hash), "label": "many slots"])
        try o.approve(change, step: 0, by: "lee")
        try o.approve(change, step: 1, by: "fin1")
        try o.approve(change, step: 1, by: "fin2")
        try o.g.write(PolicyAdoption.type, PolicyAdoption.body(next, request: change), by: o.g.admin)
        #expect(try o.state().policy?.set.approvals.oneSlotPerPrincipal == false)

        let hash = try o.request(cr).proposalHash
        func approve(_ step: Int, by name: String) throws {
            try o.g.write(Workflow.approve, Workflow.approval(request: cr, proposal: hash, step: step, policy: next.hash), by: o.key(name))
        }
        try approve(0, by: "both-hats")
        o.refused("one principal fills one slot of a request") { try approve(1, by: "both-hats") }
        // verify reads the same version: the forced entry is named.
        let forced = try o.g.force(Workflow.approve, Workflow.approval(request: cr, proposal: hash, step: 1, policy: next.hash), by: o.key("both-hats"))
        let failure = try #require(try o.g.verify().failure)
        #expect(failure.seq == forced)
        #expect(failure.reason.contains("one principal fills one slot"))
    }
}

@Suite struct PolicyChangeWorkflowTests {
    @Test func aNewPolicyVersionNeedsAnApprovedRequest() throws {
        let o = try Office()
        let tiers = try String(contentsOfFile: PolicyCheckTests.directory + "/tiers.yaml", encoding: .utf8)
            .replacingOccurrences(of: "label: \"2026-11 catalog\"", with: "label: \"2027-01 catalog\"")
            .replacingOccurrences(of: "per_seat: 1900,", with: "per_seat: 2100,")
        let next = try PolicySet.load(tiers: tiers, approvals: try String(contentsOfFile: PolicyCheckTests.directory + "/approvals.yaml", encoding: .utf8))
        // Without a request: refused by the writer, and caught by verify if forced in.
        o.refused("needs an approved policy-adopt") { try o.g.write(PolicyAdoption.type, PolicyAdoption.body(next), by: o.g.admin) }
        let cr = try o.propose(.policyAdopt, LicenseChange.policyLicenseID, ["hash": .string(next.hash), "label": "2027-01"])
        let r = try o.request(cr)
        #expect(r.rule.id == "policy-change")
        o.refused("not approved") { try o.g.write(PolicyAdoption.type, PolicyAdoption.body(next, request: cr), by: o.g.admin) }
        try o.approve(cr, step: 0, by: "lee")
        try o.approve(cr, step: 1, by: "fin1")
        try o.approve(cr, step: 1, by: "fin2")
        o.refused("applied by the policy.adopt entry") { try o.apply(cr) }
        try o.g.write(PolicyAdoption.type, PolicyAdoption.body(next, request: cr), by: o.g.admin)
        let state = try o.state()
        #expect(state.policy?.set.hash == next.hash)
        #expect(state.requests[cr]?.state == .applied)
        // Quotes now come from the new version.
        #expect(try state.policy?.set.quote(tier: "team", seats: 10).lines[1].amount == 21_000)
        #expect(try o.g.verify().isIntact)

        let o2 = try Office()
        let forced = try o2.g.force(PolicyAdoption.type, PolicyAdoption.body(next), by: o2.g.admin)
        let failure = try #require(try o2.g.verify().failure)
        #expect(failure.seq == forced)
        #expect(failure.reason.contains("needs an approved policy-adopt"))
    }
}
