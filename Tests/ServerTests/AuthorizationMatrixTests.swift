import Foundation
import Governance
import Ledger
import LedgerCrypto
@testable import Server
import Testing
import TestSupport

/// Every route × every kind of caller → the status the server must answer, from one table. A row
/// for a route the server does not have, or a route without a row, fails the test; so does any
/// cross-customer read that answers anything but the "no such license" a missing id gets.
@Suite struct AuthorizationMatrixTests {
    /// The callers: nobody, each customer's token, and one principal per staff role.
    enum Who: String, CaseIterable, CustomStringConvertible {
        case anonymous, acme, beta, admin, `operator`, approver, proposer, auditor
        var description: String { rawValue }
    }

    /// Expected status by caller; `all` fills the callers not named.
    struct Row {
        let route: String
        let target: String
        let expected: [Who: Int]

        init(_ route: String, _ target: String, all: Int? = nil, _ expected: [Who: Int] = [:]) {
            self.route = route
            self.target = target
            var filled = expected
            if let all { for who in Who.allCases where filled[who] == nil { filled[who] = all } }
            self.expected = filled
        }
    }

    static let customers: [Who: Int] = [.anonymous: 401, .acme: 200, .beta: 404]
    static let staffOnly: [Who: Int] = [.anonymous: 401, .acme: 403, .beta: 403]

    static func rows(_ book: ServedBook) -> [Row] {
        let cr = "CR-\(book.acmeRequest)"
        return [
            Row("GET /healthz", "/healthz", all: 200),
            Row("GET /readyz", "/readyz", all: 200),
            Row("GET /metrics", "/metrics", all: 200),
            Row("GET /checkpoint", "/checkpoint", all: 200),
            Row("GET /head", "/head", all: 200),
            Row("GET /proof/inclusion", "/proof/inclusion?seq=1", all: 200),
            Row("GET /proof/consistency", "/proof/consistency?first=1", all: 200),
            Row("GET /tile/**", "/tile/0/000.p/4", all: 200),
            Row("GET /entries", "/entries?limit=2", all: 200, staffOnly),
            Row("POST /entries", "", all: 400),
            Row("GET /whoami", "/whoami", all: 200, [.anonymous: 401]),
            Row("GET /licenses", "/licenses", all: 200, [.anonymous: 401]),
            Row("GET /licenses/{id}", "/licenses/ACME-1", all: 200, customers),
            Row("GET /licenses/{id}/usage", "/licenses/ACME-1/usage", all: 200, customers),
            Row("GET /licenses/{id}/sla", "/licenses/ACME-1/sla?month=\(book.month)", all: 200, customers),
            Row("GET /licenses/{id}/history", "/licenses/ACME-1/history", all: 200, customers),
            Row("GET /licenses/{id}/activations", "/licenses/ACME-1/activations", all: 200, customers),
            // Activation writes are a product's (a token with the activate scope); the book's tokens have read only,
            // and this server takes no activations: staff are refused, acme learns there are none, beta sees no license.
            Row("POST /licenses/{id}/activations", "/licenses/ACME-1/activations", all: 403, [.anonymous: 401, .acme: 403, .beta: 404]),
            Row("POST /licenses/{id}/activations/{activation}/heartbeat", "/licenses/ACME-1/activations/0123456789abcdef/heartbeat", all: 403,
                [.anonymous: 401, .acme: 403, .beta: 404]),
            Row("DELETE /licenses/{id}/activations/{activation}", "/licenses/ACME-1/activations/0123456789abcdef", all: 403,
                [.anonymous: 401, .acme: 403, .beta: 404]),
            Row("GET /licenses/{id}/requests", "/licenses/ACME-1/requests", all: 200, customers),
            // Requests are filed by a customer token with the request scope; the book's tokens have read only: staff are
            // refused, acme lacks the scope, beta sees no license.
            Row("POST /licenses/{id}/requests", "/licenses/ACME-1/requests", all: 403, [.anonymous: 401, .acme: 403, .beta: 404]),
            Row("GET /changes", "/changes", all: 200, staffOnly),
            Row("GET /changes/{id}", "/changes/\(cr)", all: 200, staffOnly),
            Row("GET /approvals/pending", "/approvals/pending", all: 200, staffOnly),
            Row("GET /tokens", "/tokens", all: 403, [.anonymous: 401, .admin: 200, .auditor: 200]),
            Row("GET /verify", "/verify", all: 403, [.anonymous: 401, .admin: 200, .operator: 200, .auditor: 200]),
        ]
    }

    static func key(_ who: Who, _ book: ServedBook) -> PrivateKey? {
        switch who {
        case .admin: return book.served.admin
        case .operator: return book.served.ops
        case .approver: return book.served.dana
        case .proposer: return book.pat
        case .auditor: return book.aud
        case .anonymous, .acme, .beta: return nil
        }
    }

    static func ask(_ row: Row, as who: Who, _ book: ServedBook) async throws -> HTTPReply {
        if row.route == "POST /entries" {
            // A post's authority is the signatures of the entries it carries, not the caller's credentials.
            return try await HTTP.post(book.served.base + "/entries", body: [])
        }
        let method = String(row.route.prefix { $0 != " " })
        var headers: [String: String] = [:]
        switch who {
        case .anonymous: break
        case .acme: headers["Authorization"] = "Bearer " + book.acmeToken
        case .beta: headers["Authorization"] = "Bearer " + book.betaToken
        default:
            guard let key = key(who, book) else { throw URLError(.userAuthenticationRequired) }
            let signed = try MessageSignature.headers(for: MessageSignature.Message(method: method, target: row.target, authority: book.served.authority), key: key,
                                                      created: EntryTime.now().milliseconds / 1000)
            headers = ["Signature-Input": signed.input, "Signature": signed.signature]
        }
        if method != "GET" {
            return try await HTTP.send(book.served.base + row.target, method: method, headers: headers)
        }
        switch who {
        case .anonymous: return try await HTTP.get(book.served.base + row.target)
        case .acme: return try await book.served.customerGet(row.target, token: book.acmeToken)
        case .beta: return try await book.served.customerGet(row.target, token: book.betaToken)
        default:
            guard let key = key(who, book) else { throw URLError(.userAuthenticationRequired) }
            return try await book.served.staffGet(row.target, as: key)
        }
    }

    @Test func everyRouteAnswersEachCallerAsTheTableSays() async throws {
        let book = try ServedBook()
        try await book.served.start()
        try await book.served.waitUntilReady()
        let rows = Self.rows(book)
        let routes = Set(LedgerServer.routes(service: book.service).map(\.description))
        #expect(Set(rows.map(\.route)) == routes, "the table and the router disagree")
        for row in rows {
            for who in Who.allCases {
                let expected = try #require(row.expected[who], "\(row.route) has no status for \(who)")
                let reply = try await Self.ask(row, as: who, book)
                #expect(reply.status == expected, "\(row.route) as \(who): \(reply.status) \(reply.text.prefix(200))")
                if reply.status >= 400 {
                    let code = try JSONParser.parse(reply.body)["code"]?.stringValue
                    switch reply.status {
                    case 401: #expect(code == "SRV-020", "\(row.route) as \(who)")
                    case 403: #expect(code == "SRV-022", "\(row.route) as \(who)")
                    default: break
                    }
                }
            }
        }
        await book.served.stop()
    }

    @Test func aTokenNeverSeesAnotherCustomer() async throws {
        let book = try ServedBook()
        try await book.served.start()
        // Its own list holds its own license only, whatever it asks.
        let own = try JSONParser.parse(try await book.served.customerGet("/licenses", token: book.betaToken).body)
        #expect(own["licenses"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["BETA-1"])
        #expect(try await book.served.customerGet("/licenses?customer=acme", token: book.betaToken).status == 404)
        // Another customer's license is indistinguishable from one that does not exist.
        for suffix in ["", "/usage", "/sla?month=\(book.month)", "/history"] {
            let foreign = try await book.served.customerGet("/licenses/ACME-1" + suffix, token: book.betaToken)
            let missing = try await book.served.customerGet("/licenses/NOPE-1" + suffix, token: book.betaToken)
            #expect(foreign.status == 404)
            #expect(missing.status == 404)
            #expect(foreign.text.replacingOccurrences(of: "ACME-1", with: "NOPE-1") == missing.text, "\(suffix)")
        }
        // Staff see both; the owner sees its history's entry lines exactly as stored.
        let all = try JSONParser.parse(try await book.served.staffGet("/licenses", as: book.aud).body)
        #expect(all["licenses"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["ACME-1", "BETA-1"])
        let history = try JSONParser.parse(try await book.served.customerGet("/licenses/ACME-1/history", token: book.acmeToken).body)
        let entries = try #require(history["entries"]?.arrayValue)
        #expect(!entries.isEmpty)
        for entry in entries {
            let seq = try #require(entry["seq"]?.integerValue)
            #expect(Array((entry["line"]?.stringValue ?? "").utf8) == (try book.served.ledger.line(at: seq)))
        }
        await book.served.stop()
    }
}
