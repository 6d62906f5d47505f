import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct PolicyAdoptionTests {
    @Test func anAdoptedPolicyIsReplayedAndReChecked() throws {
        let g = try GovernedLedger()
        let policy = try PolicySet.load(directory: PolicyCheckTests.directory)
        try g.write(PolicyAdoption.type, PolicyAdoption.body(policy), by: g.admin)
        let state = try GovernanceReplay.state(of: g.ledger)
        #expect(state.policy?.set.hash == policy.hash)
        #expect(state.policy?.set.catalog.tiers.count == 4)
        #expect(try g.verify().isIntact)
        // Only an admin adopts.
        #expect(throws: LedgerError.self) { try g.write(PolicyAdoption.type, PolicyAdoption.body(policy), by: g.ops) }
    }

    @Test func aForgedAdoptionFailsVerify() throws {
        let g = try GovernedLedger()
        let policy = try PolicySet.load(directory: PolicyCheckTests.directory)
        guard case var .object(body) = PolicyAdoption.body(policy), case var .object(content) = body["content"],
              case var .object(tiers) = content["tiers"] else { Issue.record("unexpected body shape"); return }
        // Change the currency but keep the old hash.
        tiers["currency"] = "USD"
        content["tiers"] = .object(tiers)
        body["content"] = .object(content)
        let seq = try g.force(PolicyAdoption.type, .object(body), by: g.admin)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.code == .authority)
        #expect(failure.reason.contains("hash is not the SHA-256"))
        // Content that hashes right but does not load as a policy fails too.
        let g2 = try GovernedLedger()
        tiers["tiers"] = .array([])
        content["tiers"] = .object(tiers)
        let broken: JSONValue = .object(["content": .object(content), "hash": .string(Digest.of(CanonicalJSON.encode(.object(content))).hex),
                                         "label": "broken"])
        let seq2 = try g2.force(PolicyAdoption.type, broken, by: g2.admin)
        let failure2 = try #require(try g2.verify().failure)
        #expect(failure2.seq == seq2)
        #expect(failure2.reason.contains("does not load"))
    }

    @Test func laterGovernanceEntriesNameThePolicyInForce() throws {
        let g = try GovernedLedger()
        let policy = try PolicySet.load(directory: PolicyCheckTests.directory)
        let eve = try PrivateKey.generate(.ed25519)
        // Before any adoption, naming a policy is wrong.
        #expect(throws: LedgerError.self) {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.auditor], key: eve.publicKey, policy: policy.hash), by: g.admin)
        }
        try g.write(PolicyAdoption.type, PolicyAdoption.body(policy), by: g.admin)
        // After it, not naming it (or naming another) is refused...
        #expect(throws: LedgerError.self) {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.auditor], key: eve.publicKey), by: g.admin)
        }
        #expect(throws: LedgerError.self) {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.auditor], key: eve.publicKey,
                                                                           policy: String(repeating: "0", count: 64)), by: g.admin)
        }
        try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.auditor], key: eve.publicKey, policy: policy.hash), by: g.admin)
        #expect(try g.verify().isIntact)
        // ...and forced into the file, fails verify at that entry.
        let seq = try g.force(GovernanceEntryType.roles, PrincipalBodies.roles(name: "eve", add: [.operator], remove: []), by: g.admin)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("must name the policy version"))
    }
}
