import Foundation
import Testing
import TestSupport

@Suite struct ChangeCommandTests {
    @Test func anApproverReadsSignsAndTheOperatorApplies() throws {
        let ws = try CLIWorkspace()   // admin; bob: operator + proposer
        for name in ["deal", "fin1", "fin2"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["principal", "enroll", "fin1", "--role", "approver:finance", "--public-key", "fin1.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["principal", "enroll", "fin2", "--role", "approver:finance", "--public-key", "fin2.pem.pub", "--key", "admin.pem"])
        let noPolicy = try ws.run(["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "team", "--seats", "10",
                                   "--term-months", "12", "--reason", "x", "--key", "bob.pem"])
        #expect(noPolicy.status == 2)
        #expect(noPolicy.stderr.contains("policy adopt"))
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])   // entry 5

        let proposed = try ws.expectSuccess(["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "business",
                                             "--seats", "20", "--term-months", "12", "--discount-bp", "2500", "--reason", "big logo", "--key", "bob.pem"])
        #expect(proposed.stdout.contains("proposed CR-6 under rule deep-discount"))
        let shown = try ws.expectSuccess(["change", "show", "CR-6"]).stdout
        #expect(shown.contains("tier: (none) → business"))
        #expect(shown.contains("manual discount: 2500 bp"))
        #expect(shown.contains("step 2: 0/2 × approver:finance"))

        // What each person has to do.
        #expect(try ws.expectSuccess(["change", "list", "--mine", "--key", "deal.pem.pub"]).stdout.contains("CR-6\tpending"))
        #expect(try ws.expectSuccess(["change", "list", "--mine", "--key", "fin1.pem.pub"]).stdout.contains("no change requests"))
        #expect(try ws.expectSuccess(["change", "list", "--mine", "--key", "bob.pem"]).stdout.contains("CR-6"))

        // No terminal and no --yes: nothing is signed.
        let unconfirmed = try ws.run(["change", "approve", "CR-6", "--key", "deal.pem"])
        #expect(unconfirmed.status == 2)
        #expect(unconfirmed.stderr.contains("--yes"))
        let ownApproval = try ws.run(["change", "approve", "CR-6", "--key", "bob.pem", "--yes"])
        #expect(ownApproval.status == 2)
        try ws.expectSuccess(["change", "approve", "CR-6", "--key", "deal.pem", "--yes", "--comment", "ok for the logo"])
        #expect(try ws.expectSuccess(["change", "list", "--mine", "--key", "fin1.pem.pub"]).stdout.contains("CR-6\tpending"))
        #expect(try ws.expectSuccess(["change", "list", "--mine", "--key", "deal.pem.pub"]).stdout.contains("no change requests"))
        try ws.expectSuccess(["change", "approve", "CR-6", "--key", "fin1.pem", "--yes"])
        let early = try ws.run(["change", "apply", "CR-6", "--key", "bob.pem"])
        #expect(early.status == 2)
        #expect(early.stderr.contains("only an approved request is applied"))
        let last = try ws.expectSuccess(["change", "approve", "CR-6", "--key", "fin2.pem", "--yes"])
        #expect(last.stdout.contains("it is now approved"))
        // A deep discount is not applied by the one who proposed it.
        let ownApply = try ws.run(["change", "apply", "CR-6", "--key", "bob.pem"])
        #expect(ownApply.status == 2)
        #expect(ownApply.stderr.contains("forbids the proposer to apply it"))
        try ws.expectSuccess(["change", "apply", "CR-6", "--key", "admin.pem"])
        let license = try ws.expectSuccess(["license", "show", "A-1"]).stdout
        #expect(license.contains("business, 20 seats"))
        #expect(try ws.expectSuccess(["license", "list", "--as-of", "9"]).stdout.contains("no licenses"))
        #expect(try ws.expectSuccess(["license", "list"]).stdout.contains("A-1\tacme\tbusiness"))

        // A rejection, and the list by state.
        try ws.expectSuccess(["change", "propose", "suspend", "--license", "A-1", "--reason", "unpaid", "--key", "bob.pem"])
        try ws.expectSuccess(["change", "reject", "CR-11", "--reason", "paid yesterday", "--key", "fin1.pem", "--yes"])
        #expect(try ws.expectSuccess(["change", "list", "--state", "rejected"]).stdout.contains("CR-11\trejected\tsuspend"))
        try ws.expectSuccess(["verify"])
    }

    @Test func amendEmergencyAndReview() throws {
        let ws = try CLIWorkspace()
        for name in ["deal", "sec"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["principal", "enroll", "sec", "--role", "approver:security", "--public-key", "sec.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])      // 4
        try ws.expectSuccess(["change", "propose", "issue", "--license", "B-1", "--customer", "beta", "--tier", "business", "--seats", "20",
                              "--term-months", "12", "--discount-bp", "2500", "--reason", "pilot", "--key", "bob.pem"])   // CR-5
        try ws.expectSuccess(["change", "approve", "CR-5", "--key", "deal.pem", "--yes"])
        let amended = try ws.expectSuccess(["change", "amend", "CR-5", "--customer", "beta", "--tier", "business", "--seats", "20",
                                            "--term-months", "12", "--reason", "no discount after all", "--key", "bob.pem"])
        #expect(amended.stdout.contains("rule standard, approvals cleared"))
        #expect(try ws.expectSuccess(["change", "show", "CR-5"]).stdout.contains("step 1: 0/1 × approver:deal-desk"))
        try ws.expectSuccess(["change", "approve", "CR-5", "--key", "deal.pem", "--yes"])
        try ws.expectSuccess(["change", "apply", "CR-5", "--key", "bob.pem"])

        let notAdmin = try ws.run(["change", "emergency", "suspend", "--license", "B-1", "--reason", "fraud", "--key", "bob.pem"])
        #expect(notAdmin.status == 2)
        let emergency = try ws.expectSuccess(["change", "emergency", "suspend", "--license", "B-1", "--reason", "fraud alert", "--key", "admin.pem"])
        #expect(emergency.stdout.contains("approver:security must review it by"))
        #expect(try ws.expectSuccess(["change", "list", "--state", "awaiting-review"]).stdout.contains("suspend\tB-1\temergency"))
        #expect(try ws.expectSuccess(["license", "show", "B-1"]).stdout.contains("suspended"))
        let selfReview = try ws.run(["change", "review", "CR-10", "--key", "admin.pem"])
        #expect(selfReview.status == 2)
        try ws.expectSuccess(["change", "review", "CR-10", "--comment", "confirmed", "--key", "sec.pem"])
        #expect(try ws.expectSuccess(["change", "list", "--state", "reviewed"]).stdout.contains("CR-10"))
        try ws.expectSuccess(["verify"])
    }
}

@Suite struct PolicyChangeCommandTests {
    @Test func adoptingASecondVersionGoesThroughTheRules() throws {
        let ws = try CLIWorkspace()
        for (name, role) in [("lee", "approver:legal"), ("f1", "approver:finance"), ("f2", "approver:finance")] {
            try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"])
            try ws.expectSuccess(["principal", "enroll", name, "--role", role, "--public-key", "\(name).pem.pub", "--key", "admin.pem"])
        }
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])   // entry 5
        try FileManager.default.createDirectory(atPath: ws.path("next"), withIntermediateDirectories: true)
        let tiers = try String(contentsOfFile: PolicyCommandTests.policies + "/tiers.yaml", encoding: .utf8)
            .replacingOccurrences(of: "label: \"2026-11 catalog\"", with: "label: \"2027-01 catalog\"")
        try tiers.write(toFile: ws.path("next/tiers.yaml"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(atPath: PolicyCommandTests.policies + "/approvals.yaml", toPath: ws.path("next/approvals.yaml"))

        let direct = try ws.run(["policy", "adopt", "next", "--key", "admin.pem"])
        #expect(direct.status == 2)
        #expect(direct.stderr.contains("change propose policy-adopt"))
        let proposed = try ws.expectSuccess(["change", "propose", "policy-adopt", "--policies", "next", "--reason", "new year prices", "--key", "bob.pem"])
        #expect(proposed.stdout.contains("CR-6 under rule policy-change"))
        try ws.expectSuccess(["change", "approve", "CR-6", "--key", "lee.pem", "--yes"])
        try ws.expectSuccess(["change", "approve", "CR-6", "--key", "f1.pem", "--yes"])
        try ws.expectSuccess(["change", "approve", "CR-6", "--key", "f2.pem", "--yes"])
        let adopted = try ws.expectSuccess(["policy", "adopt", "next", "--key", "admin.pem"])
        #expect(adopted.stdout.contains("adopted policy"))
        #expect(try ws.expectSuccess(["change", "list", "--state", "applied"]).stdout.contains("CR-6\tapplied\tpolicy-adopt"))
        try ws.expectSuccess(["verify"])
    }
}
