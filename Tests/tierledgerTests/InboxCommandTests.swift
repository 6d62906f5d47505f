import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// The deal desk's inbox: customers' requests (filed here as the server files them, with an intake
/// key), listed newest first with the command that proposes each, proposed with --from-request,
/// and declined with a reason.
@Suite struct InboxCommandTests {
    @Test func theDealDeskWorksTheInbox() throws {
        let ws = try CLIWorkspace()   // admin; bob: operator + proposer
        for name in ["deal", "intake"] { try ws.expectSuccess(["keys", "generate", "--out", "\(name).pem", "--no-encrypt"]) }
        try ws.expectSuccess(["principal", "enroll", "deal", "--role", "approver:deal-desk", "--public-key", "deal.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["principal", "enroll", "requests", "--role", "intake", "--public-key", "intake.pem.pub", "--key", "admin.pem"])
        try ws.expectSuccess(["policy", "adopt", PolicyCommandTests.policies, "--key", "admin.pem"])
        try ws.expectSuccess(["change", "propose", "issue", "--license", "A-1", "--customer", "acme", "--tier", "team", "--seats", "10",
                              "--term-months", "12", "--reason", "new", "--key", "bob.pem"])
        try ws.expectSuccess(["change", "approve", "CR-5", "--key", "deal.pem", "--yes"])
        try ws.expectSuccess(["change", "apply", "CR-5", "--key", "bob.pem"])
        #expect(try ws.expectSuccess(["change", "inbox"]).stdout.contains("no customer requests await the deal desk"))
        try ws.expectSuccess(["token", "issue", "--customer", "acme", "--scope", "read", "--scope", "request", "--key", "admin.pem"])

        // The customer asks twice, as the server would file it.
        let service = GovernanceService(store: try FileLedger.open(ws.path("ledger")))
        let intake = try PrivateKey(pem: try KeyFile.readPrivatePEM(ws.path("intake.pem")))
        let token = try #require(try service.state().tokens.values.first { $0.scopes.contains(.request) })
        let signing = GovernanceService.Signing(key: intake, time: .now())
        let seats = try service.fileCustomerRequest(license: "A-1", token: token.id, ask: .seats(25), message: "new team\nnow \u{202E}desrever", signing)
        let addon = try service.fileCustomerRequest(license: "A-1", token: token.id, ask: .addon("sso-addon"), message: nil,
                                                    GovernanceService.Signing(key: intake, time: .now()))
        #expect(seats.id == "REQ-\(seats.seq)")
        // A message with a terminal escape never reaches the ledger.
        #expect(throws: (any Error).self) {
            try service.fileCustomerRequest(license: "A-1", token: token.id, ask: .upgrade(tier: "business"), message: "\u{1b}[31mred",
                                            GovernanceService.Signing(key: intake, time: .now()))
        }

        let inbox = try ws.expectSuccess(["change", "inbox"]).stdout
        let lines = inbox.split(separator: "\n").map(String.init)
        // Newest first.
        let first = try #require(lines.firstIndex { $0.hasPrefix(addon.id) })
        let second = try #require(lines.firstIndex { $0.hasPrefix(seats.id) })
        #expect(first < second)
        #expect(lines[first].contains("A-1  acme  add-on sso-addon  0m ago"))
        #expect(lines[second].contains("A-1  acme  seats to 25"))
        // The message's line feed and bidirectional override are shown escaped, on the request's own line.
        #expect(!inbox.contains("\u{202E}"))
        #expect(!lines.contains { $0.hasPrefix("now") })
        #expect(inbox.contains("\"new team"))
        let command = "tierledger change propose seats --license A-1 --seats 25 --from-request \(seats.id) --reason 'asked by acme (\(seats.id))' --key KEY.pem"
        #expect(inbox.contains(command))

        let json = try JSONParser.parse(Array(try ws.expectSuccess(["change", "inbox", "--json"]).stdout.utf8))
        let items = try #require(json["requests"]?.arrayValue)
        #expect(items.compactMap { $0["request"]?.stringValue } == [addon.id, seats.id])
        #expect(items.last?["message"]?.stringValue == "new team\nnow \u{202E}desrever")
        #expect(items.last?["propose"]?.stringValue == command)
        #expect(items.last?["status"]?.stringValue == "open")

        // The command the inbox printed, with a real key, answers the request.
        let proposed = try ws.expectSuccess(["change", "propose", "seats", "--license", "A-1", "--seats", "25", "--from-request", seats.id,
                                             "--reason", "asked by acme", "--key", "bob.pem"]).stdout
        #expect(proposed.contains("proposed CR-"))
        let mismatch = try ws.run(["change", "propose", "addon-add", "--license", "A-1", "--addon", "extra-storage", "--from-request", addon.id,
                                   "--reason", "x", "--key", "bob.pem"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("GOV-051"))
        #expect(mismatch.stderr.contains("asks for add-on sso-addon on A-1"))

        try ws.expectSuccess(["change", "decline-request", addon.id, "--reason", "SSO comes with business", "--key", "bob.pem"])
        #expect(try ws.expectSuccess(["change", "inbox"]).stdout.contains("no customer requests await the deal desk"))
        let all = try ws.expectSuccess(["change", "inbox", "--all"]).stdout
        #expect(all.contains("seats to 25"))
        #expect(all.contains("pending"))
        #expect(all.contains("declined in entry"))
        #expect(all.contains("SSO comes with business"))
        let again = try ws.run(["change", "decline-request", addon.id, "--reason", "twice", "--key", "bob.pem"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("GOV-004"))
        let missing = try ws.run(["change", "decline-request", "REQ-999", "--reason", "x", "--key", "bob.pem"])
        #expect(missing.stderr.contains("GOV-006"))
        try ws.expectSuccess(["verify"])
    }
}
