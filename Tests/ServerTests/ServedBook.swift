import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A served ledger with the shipped policy and a license book of two customers: ACME-1 (acme) and
/// BETA-1 (beta), each issued through the workflow, a usage record each, a checkpoint, and a
/// customer token for each. Staff: admin, ops (operator), dana (approver:finance), pat (proposer),
/// deal (approver:deal-desk), aud (auditor).
final class ServedBook: @unchecked Sendable {
    let served: ServedLedger
    let pat: PrivateKey
    let deal: PrivateKey
    let aud: PrivateKey
    let acmeToken: String
    let betaToken: String
    /// The proposal of ACME-1's issue: a change request to read.
    let acmeRequest: Int64

    var service: GovernanceService { served.service }

    init() throws {
        served = try ServedLedger(notes: 1)
        pat = try PrivateKey.generate(.ed25519)
        deal = try PrivateKey.generate(.ed25519)
        aud = try PrivateKey.generate(.p256)
        let signing = { (key: PrivateKey) in GovernanceService.Signing(key: key, time: .now()) }
        let service = served.service
        _ = try service.enrol("pat", roles: [.proposer], key: pat.publicKey, signing(served.admin))
        _ = try service.enrol("deal", roles: Set([Role("approver:deal-desk")].compactMap { $0 }), key: deal.publicKey, signing(served.admin))
        _ = try service.enrol("aud", roles: [.auditor], key: aud.publicKey, signing(served.admin))
        _ = try service.adopt(try PolicySet.load(directory: Fixtures.repositoryRoot + "/policies"), signing(served.admin))
        var first: Int64 = -1
        for (license, customer) in [("ACME-1", "acme"), ("BETA-1", "beta")] {
            let proposed = try service.propose(.issue, license: license, params: ["customer": .string(customer), "tier": "team", "seats": 10, "term_months": 12],
                                               reason: "new customer", signing(pat))
            let seq = proposed.entry.entry.seq
            if first < 0 { first = seq }
            _ = try service.approve(seq, signing(deal))
            _ = try service.apply(seq, signing(served.ops))
        }
        acmeRequest = first
        let month = String(EntryTime.now().rfc3339.prefix(7))
        for license in ["ACME-1", "BETA-1"] {
            let record: JSONValue = ["license": .string(license), "metric": "api-calls", "period_start": .string(month + "-01"),
                                     "period_end": .string(month + "-01"), "value": 1_000]
            _ = try service.record(UsageEntry.type, ["records": .array([record])], signedBy: served.ops, at: .now())
        }
        acmeToken = try service.issueToken(customer: "acme", scopes: [.read], days: 30, label: "acme portal", signing(served.admin)).text
        betaToken = try service.issueToken(customer: "beta", scopes: [.read], days: 30, label: "beta portal", signing(served.admin)).text
        _ = try served.ledger.makeCheckpoint(logKey: served.admin, authority: GovernanceState())
    }

    var month: String { String(EntryTime.now().rfc3339.prefix(7)) }
}
