import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
@testable import Server
import Testing
import TestSupport

/// Customers' requests: filed by the server's intake key for a token with the `request` scope,
/// checked against the catalog, answered by a proposal that must do what was asked, followed
/// through the workflow, or declined; a customer sees only its own.
@Suite struct CustomerRequestTests {
    struct Desk {
        let book: ServedBook
        let intake: PrivateKey
        /// acme's token with the scopes read and request, and its id.
        let asker: String
        let askerID: String
        let desk: CustomerRequestDesk

        var acme: Caller { .customer(token: askerID, customer: "acme", scopes: [.read, .request]) }
    }

    static func desk() throws -> Desk {
        let book = try ServedBook()
        let intake = try PrivateKey.generate(.ed25519)
        let admin = GovernanceService.Signing(key: book.served.admin, time: .now())
        _ = try book.service.enrol("requests", roles: [.intake], key: intake.publicKey, admin)
        let issued = try book.service.issueToken(customer: "acme", scopes: [.read, .request], days: 30, label: "acme portal", admin)
        return Desk(book: book, intake: intake, asker: issued.text, askerID: issued.token.id,
                    desk: CustomerRequestDesk(service: book.service, intakeKey: intake))
    }

    static func signing(_ key: PrivateKey) -> GovernanceService.Signing { GovernanceService.Signing(key: key, time: .now()) }

    /// The code of the error `body` throws.
    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as any CodedError {
            return error.errorCode.id
        } catch {
            return "\(error)"
        }
    }

    /// A state snapshot of `state` holds its requests: decoded, it gives the same requests and the same bytes.
    static func expectSnapshotKeepsRequests(_ state: GovernanceState) throws {
        let bytes = GovernanceSnapshot(state: state, seq: state.lastSeq, hash: .zero, time: try #require(EntryTime(milliseconds: 0))).bytes
        let decoded = try GovernanceSnapshot(decoding: bytes)
        #expect(decoded.state.customerRequests == state.customerRequests)
        #expect(!decoded.state.customerRequests.isEmpty)
        #expect(decoded.bytes == bytes)
    }

    @Test func aRequestIsRecordedWithTheTokenIDNeverTheSecret() throws {
        let d = try Self.desk()
        let filed = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "seats", detail: "20", message: "we hired <b>ten</b> people")
        #expect(filed.id == "REQ-\(filed.seq)")
        #expect(filed.ask == .seats(20))
        #expect(filed.customer == "acme")
        #expect(filed.token == d.askerID)
        let state = try d.book.service.state()
        #expect(state.status(of: filed, at: .now()) == .open)
        #expect(state.customerRequests(license: "ACME-1").map(\.seq) == [filed.seq])
        #expect(state.customerRequests(customer: "acme").map(\.seq) == [filed.seq])
        #expect(state.customerRequests(customer: "beta").isEmpty)
        let line = String(decoding: try d.book.served.ledger.line(at: filed.seq), as: UTF8.self)
        #expect(line.contains("\"type\":\"customer.request\""))
        #expect(line.contains("\"token\":\"\(d.askerID)\""))
        #expect(!line.contains(d.asker))
        #expect(line.contains("\"params\":{\"seats\":20}"))
        // The entry is signed by the intake principal, and a replay from entry 0 gives the same request.
        let replayed = try GovernanceService(store: d.book.served.ledger).state()
        #expect(replayed.customerRequests[filed.seq] == filed)
    }

    @Test func asksTheCatalogDoesNotOfferAreRefusedWithTheirCodes() throws {
        let d = try Self.desk()
        let refusals: [(String, String, String?, String)] = [
            ("upgrade", "starter", nil, "GOV-050"),          // below team
            ("upgrade", "team", nil, "GOV-050"),             // the tier it has
            ("upgrade", "gold", nil, "GOV-050"),             // no such tier
            ("seats", "10", nil, "GOV-050"),                 // not more than it has
            ("seats", "101", nil, "GOV-050"),                // over team's 100
            ("addon-add", "premium-support", nil, "GOV-050"), // offered for business only
            ("addon-add", "nope", nil, "GOV-050"),           // no such add-on
            ("seats", "0", nil, "SRV-001"),
            ("refund", "1", nil, "SRV-001"),
            ("seats", "20", String(repeating: "x", count: 501), "SRV-001"),
            ("seats", "20", "bell \u{07}", "SRV-001"),
        ]
        for (kind, detail, message, code) in refusals {
            #expect(Self.code { _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: kind, detail: detail, message: message) } == code,
                    "\(kind) \(detail)")
        }
        #expect(try d.book.service.state().customerRequests.isEmpty)
        // The refusal says what is on offer.
        do {
            _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "upgrade", detail: "gold", message: nil)
        } catch let error as APIError {
            #expect(error.message.contains("tiers are starter, team, business, enterprise"))
            #expect(!error.message.contains(d.intake.publicKey.id.hex))
        }
        // What it may ask, once; the same again while the first is live is a duplicate.
        _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "addon-add", detail: "sso-addon", message: nil)
        _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "upgrade", detail: "business", message: nil)
        #expect(Self.code { _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "addon", detail: "sso-addon", message: nil) } == "GOV-008")
    }

    @Test func onlyTheOwnersTokenWithTheScopeMayAsk() throws {
        let d = try Self.desk()
        let beta = Caller.customer(token: "0123456789abcdef", customer: "beta", scopes: [.read, .request])
        // Another customer's license is answered exactly as a missing one.
        func message(_ license: String) -> String? {
            do {
                _ = try d.desk.file(license: license, caller: beta, kind: "seats", detail: "20", message: nil)
                return nil
            } catch let error as APIError {
                #expect(error.status.code == 404)
                #expect(error.code == "GOV-006")
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(message("ACME-1")?.replacingOccurrences(of: "ACME-1", with: "NOPE-1") == message("NOPE-1"))
        let readOnly = Caller.customer(token: d.askerID, customer: "acme", scopes: [.read])
        #expect(Self.code { _ = try d.desk.file(license: "ACME-1", caller: readOnly, kind: "seats", detail: "20", message: nil) } == "SRV-022")
        let staff = Caller.staff(name: "pat", roles: [.proposer], key: d.book.pat.publicKey.id)
        #expect(Self.code { _ = try d.desk.file(license: "ACME-1", caller: staff, kind: "seats", detail: "20", message: nil) } == "SRV-022")
        let noKey = CustomerRequestDesk(service: d.book.service, intakeKey: nil)
        #expect(Self.code { _ = try noKey.file(license: "ACME-1", caller: d.acme, kind: "seats", detail: "20", message: nil) } == "SRV-003")
        // The ledger itself refuses a request signed by anyone but an intake principal, or for a token without the scope.
        let state = try d.book.service.state()
        let policy = try #require(state.policy?.set.hash)
        let body = CustomerRequestEntry.requestBody(license: "ACME-1", customer: "acme", token: d.askerID, ask: .seats(20), message: nil, policy: policy)
        #expect(Self.code { _ = try d.book.service.record(CustomerRequestEntry.request, body, signedBy: d.book.served.ops, at: .now()) } == "GOV-002")
        let readToken = try #require(state.tokens.values.first { $0.customer == "acme" && !$0.scopes.contains(.request) })
        let unscoped = CustomerRequestEntry.requestBody(license: "ACME-1", customer: "acme", token: readToken.id, ask: .seats(20), message: nil, policy: policy)
        #expect(Self.code { _ = try d.book.service.record(CustomerRequestEntry.request, unscoped, signedBy: d.intake, at: .now()) } == "GOV-002")
        let foreign = CustomerRequestEntry.requestBody(license: "BETA-1", customer: "acme", token: d.askerID, ask: .seats(20), message: nil, policy: policy)
        #expect(Self.code { _ = try d.book.service.record(CustomerRequestEntry.request, foreign, signedBy: d.intake, at: .now()) } == "GOV-002")
    }

    @Test func theStatusFollowsTheProposalThroughTheWorkflow() throws {
        let d = try Self.desk()
        let service = d.book.service
        let filed = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "seats", detail: "20", message: nil)
        func status() throws -> CustomerRequestStatus {
            let state = try service.state()
            return state.status(of: try #require(state.customerRequests[filed.seq]), at: .now())
        }
        // A proposal that does something else is refused and says what was asked.
        do {
            _ = try service.propose(.seats, license: "ACME-1", params: ["seats": 25], reason: "more", fromRequest: filed.seq, Self.signing(d.book.pat))
            Issue.record("a proposal of 25 seats answered a request for 20")
        } catch let error as any CodedError {
            #expect(error.errorCode.id == "GOV-051")
            #expect("\(error)".contains("asks for seats to 20 on ACME-1"))
        }
        #expect(Self.code { _ = try service.propose(.seats, license: "BETA-1", params: ["seats": 20], reason: "x", fromRequest: filed.seq, Self.signing(d.book.pat)) } == "GOV-051")
        #expect(Self.code { _ = try service.propose(.seats, license: "ACME-1", params: ["seats": 20], reason: "x", fromRequest: 9_999, Self.signing(d.book.pat)) } == "GOV-006")
        #expect(try status() == .open)

        let first = try service.propose(.seats, license: "ACME-1", params: ["seats": 20], reason: "asked by acme", fromRequest: filed.seq, Self.signing(d.book.pat))
        #expect(try status() == .pending)
        // The approver reads what the customer asked for beside the change.
        #expect(ChangeSummary.lines(first.request, state: try service.state(), at: .now()).contains { $0.hasPrefix("answers \(filed.id): acme asked for seats to 20") })
        let proposal = String(decoding: try d.book.served.ledger.line(at: first.entry.entry.seq), as: UTF8.self)
        #expect(proposal.contains("\"customer_request\":\(filed.seq)"))
        // A request with a live proposal is neither declined nor proposed twice.
        #expect(Self.code { _ = try service.declineCustomerRequest(filed.seq, reason: "no", Self.signing(d.book.pat)) } == "GOV-004")
        #expect(Self.code { _ = try service.propose(.seats, license: "ACME-1", params: ["seats": 20], reason: "again", fromRequest: filed.seq, Self.signing(d.book.pat)) } == "GOV-004")

        #expect(try service.state().customerRequests(all: false, at: .now()).isEmpty)
        _ = try service.reject(first.request.seq, reason: "price first", Self.signing(d.book.deal))
        #expect(try status() == .rejected)
        // Rejected, it is back in the deal desk's inbox: propose again, or decline.
        #expect(try service.state().customerRequests(all: false, at: .now()).map(\.seq) == [filed.seq])
        let second = try service.propose(.seats, license: "ACME-1", params: ["seats": 20, "discount_bp": 500], reason: "with a discount",
                                         fromRequest: filed.seq, Self.signing(d.book.pat))
        #expect(try status() == .pending)
        _ = try service.approve(second.request.seq, Self.signing(d.book.deal))
        #expect(try status() == .approved)
        _ = try service.apply(second.request.seq, Self.signing(d.book.served.ops))
        #expect(try status() == .applied)
        #expect(try service.state().licenses["ACME-1"]?.seats == 20)
        let final = try #require(try service.state().customerRequests[filed.seq])
        #expect(final.proposals == [first.request.seq, second.request.seq])
        try Self.expectSnapshotKeepsRequests(try service.state())
        // Applied, it asks for nothing any more: another request for 20 seats is not an increase.
        #expect(Self.code { _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "seats", detail: "20", message: nil) } == "GOV-050")
    }

    @Test func staffDeclineARequestWithAReasonTheCustomerSees() throws {
        let d = try Self.desk()
        let service = d.book.service
        let filed = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "addon-add", detail: "extra-api-calls", message: "for the launch")
        // Only a proposer or an admin declines.
        #expect(Self.code { _ = try service.declineCustomerRequest(filed.seq, reason: "no", Self.signing(d.book.aud)) } == "GOV-002")
        #expect(Self.code { _ = try service.declineCustomerRequest(filed.seq, reason: "", Self.signing(d.book.pat)) } == "GOV-001")
        let declined = try service.declineCustomerRequest(filed.seq, reason: "the add-on comes with the renewal", Self.signing(d.book.pat))
        #expect(declined.decline?.reason == "the add-on comes with the renewal")
        let state = try service.state()
        #expect(state.status(of: declined, at: .now()) == .declined)
        #expect(state.customerRequests(all: false, at: .now()).isEmpty)
        #expect(state.customerRequests(all: true, at: .now()).map(\.seq) == [filed.seq])
        #expect(Self.code { _ = try service.declineCustomerRequest(filed.seq, reason: "again", Self.signing(d.book.pat)) } == "GOV-004")
        try Self.expectSnapshotKeepsRequests(state)
        #expect(Self.code { _ = try service.propose(.addonAdd, license: "ACME-1", params: ["addon": "extra-api-calls"], reason: "x", fromRequest: filed.seq,
                                                    Self.signing(d.book.pat)) } == "GOV-004")
        // Declined, it no longer blocks the same ask.
        _ = try d.desk.file(license: "ACME-1", caller: d.acme, kind: "addon-add", detail: "extra-api-calls", message: nil)
    }

    @Test func theJSONAPIFilesAndListsACustomersOwnRequests() async throws {
        let d = try Self.desk()
        try await d.book.served.start(limits: ServerLimits(requestsPerAddress: 0, requestsPerCredential: 0), intakeKey: d.intake)
        let base = d.book.served.base
        func post(_ license: String, _ body: String, token: String) async throws -> HTTPReply {
            try await HTTP.post(base + "/licenses/\(license)/requests", body: Array(body.utf8), contentType: "application/json",
                                headers: ["Authorization": "Bearer " + token])
        }
        let created = try await post("ACME-1", #"{"kind":"upgrade","to_tier":"business","message":"growing <fast>"}"#, token: d.asker)
        #expect(created.status == 201, "\(created.text)")
        let document = try JSONParser.parse(created.body)
        let id = try #require(document["request"]?.stringValue)
        #expect(document["status"]?.stringValue == "open")
        #expect(document["summary"]?.stringValue == "upgrade to business")
        #expect(document["message"]?.stringValue == "growing <fast>")

        let refused = try await post("ACME-1", #"{"kind":"upgrade","to_tier":"starter"}"#, token: d.asker)
        #expect(refused.status == 422)
        #expect(try JSONParser.parse(refused.body)["code"]?.stringValue == "GOV-050")
        #expect(try await post("ACME-1", #"{"kind":"seats"}"#, token: d.asker).status == 400)
        #expect(try await post("ACME-1", #"{"kind":"seats","seats":20,"extra":1}"#, token: d.asker).status == 400)
        let readOnly = try await post("ACME-1", #"{"kind":"seats","seats":20}"#, token: d.book.acmeToken)
        #expect(readOnly.status == 403)
        #expect(try JSONParser.parse(readOnly.body)["code"]?.stringValue == "SRV-022")
        let foreign = try await post("BETA-1", #"{"kind":"seats","seats":20}"#, token: d.asker)
        let missing = try await post("NOPE-1", #"{"kind":"seats","seats":20}"#, token: d.asker)
        #expect(foreign.status == 404)
        #expect(foreign.text.replacingOccurrences(of: "BETA-1", with: "NOPE-1") == missing.text)

        let mine = try JSONParser.parse(try await d.book.served.customerGet("/licenses/ACME-1/requests", token: d.book.acmeToken).body)
        #expect(mine["requests"]?.arrayValue?.compactMap { $0["request"]?.stringValue } == [id])
        #expect(try await d.book.served.customerGet("/licenses/ACME-1/requests", token: d.book.betaToken).status == 404)
        // What a portal's overview lists: the customer's own, across its licenses; nothing for another customer.
        #expect(d.desk.requests(caller: d.acme, state: try d.book.service.state()).map(\.id) == [id])
        #expect(d.desk.requests(caller: .customer(token: "0123456789abcdef", customer: "beta", scopes: [.read]), state: try d.book.service.state()).isEmpty)
        let staff = try JSONParser.parse(try await d.book.served.staffGet("/licenses/ACME-1/requests", as: d.book.pat).body)
        #expect(staff["requests"]?.arrayValue?.count == 1)

        // The status follows the deal desk's proposal.
        let seq = try #require(CustomerRequest.seq(of: id))
        _ = try d.book.service.propose(.upgrade, license: "ACME-1", params: ["to_tier": "business"], reason: "asked", fromRequest: seq, Self.signing(d.book.pat))
        let after = try JSONParser.parse(try await d.book.served.customerGet("/licenses/ACME-1/requests", token: d.asker).body)
        #expect(after["requests"]?.arrayValue?.first?["status"]?.stringValue == "pending")
        await d.book.served.stop()
    }

    @Test func aServerWithoutAnIntakeKeyTakesNoRequests() async throws {
        let d = try Self.desk()
        try await d.book.served.start(limits: ServerLimits(requestsPerAddress: 0, requestsPerCredential: 0))
        let reply = try await HTTP.post(d.book.served.base + "/licenses/ACME-1/requests", body: Array(#"{"kind":"seats","seats":20}"#.utf8),
                                        contentType: "application/json", headers: ["Authorization": "Bearer " + d.asker])
        #expect(reply.status == 404)
        #expect(try JSONParser.parse(reply.body)["code"]?.stringValue == "SRV-003")
        await d.book.served.stop()
    }
}

/// `tierledger serve --intake-key`: a key of an intake principal lets customers ask; any other key
/// stops the server before it listens.
@Suite struct IntakeKeyServeTests {
    static func keyFile(_ key: PrivateKey, _ name: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.file(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(try key.pem().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }

    @Test func serveTakesRequestsWithAnIntakeKeyAndRefusesAnyOtherKey() async throws {
        let d = try CustomerRequestTests.desk()
        let keys = try TemporaryDirectory("intake-keys")
        let ledger = d.book.served.directory.file("ledger")
        do {
            _ = try ServeProcess(ledger: ledger, extra: ["--intake-key", try Self.keyFile(d.book.pat, "pat.pem", in: keys)])
            Issue.record("serve started with a proposer's key as its intake key")
        } catch let error as ServeProcess.NotListening {
            #expect(error.description.contains("is not the current key of an enrolled principal with the role intake"))
        }
        let server = try ServeProcess(ledger: ledger, extra: ["--intake-key", try Self.keyFile(d.intake, "intake.pem", in: keys),
                                                              "--rate-per-address", "0", "--rate-per-credential", "0"])
        let reply = try await HTTP.post(server.base + "/licenses/ACME-1/requests", body: Array(#"{"kind":"addon-add","addon":"sso-addon"}"#.utf8),
                                        contentType: "application/json", headers: ["Authorization": "Bearer " + d.asker])
        #expect(reply.status == 201, "\(reply.text)")
        _ = server.stop()
        let state = try GovernanceService(store: try FileLedger.open(ledger)).state()
        #expect(state.customerRequests.values.map(\.ask) == [.addon("sso-addon")])
    }
}
