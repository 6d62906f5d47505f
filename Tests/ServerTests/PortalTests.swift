import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Server
import Testing
import TestSupport

/// The customer portal over HTTP, as a browser meets it: sign-in with a token, session cookies,
/// CSRF on every form, per-customer confinement, escaping, security headers, staff sign-in links.
@Suite(.serialized) struct PortalTests {
    /// A browser signed in as the customer holding `token`.
    static func signedIn(_ base: String, token: String) async throws -> PortalBrowser {
        let browser = PortalBrowser(base: base)
        let form = try await browser.get("/portal/sign-in")
        #expect(form.status == 200)
        let csrf = try #require(PortalBrowser.csrf(in: form.text))
        let reply = try await browser.post("/portal/sign-in", ["csrf": csrf, "token": token])
        #expect(reply.status == 303)
        #expect(reply.header("Location") == "/portal")
        return browser
    }

    @Test func aCustomerSignsInSeesItsOwnLicensesAndSignsOut() async throws {
        let book = try ServedBook()
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let base = book.served.base

        let anonymous = try await PortalBrowser(base: base).get("/portal")
        #expect(anonymous.status == 303)
        #expect(anonymous.header("Location") == "/portal/sign-in")

        let acme = try await Self.signedIn(base, token: book.acmeToken)
        let cookie = try #require(PortalBrowser.setCookies(try await PortalBrowser(base: base).get("/portal/sign-in")).first)
        #expect(cookie.attributes.contains("HttpOnly") && cookie.attributes.contains("SameSite=Strict"))
        #expect(acme.cookies["tl_session"] != nil)

        let overview = try await acme.get("/portal")
        #expect(overview.status == 200)
        #expect(overview.text.contains("ACME-1"))
        #expect(!overview.text.contains("BETA-1"))
        #expect(overview.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(overview.header("X-Content-Type-Options") == "nosniff")
        #expect(overview.header("Cache-Control") == "no-store")

        for page in ["", "/usage", "/sla", "/history"] {
            let own = try await acme.get("/portal/licenses/ACME-1" + page)
            #expect(own.status == 200, "ACME-1\(page)")
            let other = try await acme.get("/portal/licenses/BETA-1" + page)
            let missing = try await acme.get("/portal/licenses/NOPE-9" + page)
            #expect(other.status == 404, "BETA-1\(page) must be not found for acme")
            #expect(other.status == missing.status)
        }
        let entitlements = try await acme.get("/portal/licenses/ACME-1")
        #expect(entitlements.text.contains("api-calls"))

        // Signing out needs the session's CSRF token; afterwards the old cookie opens nothing.
        let session = try #require(acme.cookies["tl_session"])
        let forged = try await acme.post("/portal/sign-out", ["csrf": "not-the-token"])
        #expect(forged.status == 403)
        #expect(forged.text.contains("SRV-030"))
        let csrf = try #require(PortalBrowser.csrf(in: overview.text))
        let out = try await acme.post("/portal/sign-out", ["csrf": csrf])
        #expect(out.status == 303)
        #expect(acme.cookies["tl_session"] == nil)
        let replay = PortalBrowser(base: base)
        replay.cookies["tl_session"] = session
        let after = try await replay.get("/portal/licenses/ACME-1")
        #expect(after.status == 303)
        #expect(after.header("Location") == "/portal/sign-in")
    }

    @Test func signInNeedsTheFormsTokenAGoodTokenAndTheSameOrigin() async throws {
        let book = try ServedBook()
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let base = book.served.base

        let browser = PortalBrowser(base: base)
        _ = try await browser.get("/portal/sign-in")
        let withoutField = try await browser.post("/portal/sign-in", ["token": book.acmeToken])
        #expect(withoutField.status == 403)
        #expect(browser.cookies["tl_session"] == nil)

        let form = try await browser.get("/portal/sign-in")
        let csrf = try #require(PortalBrowser.csrf(in: form.text))
        let wrong = try await browser.post("/portal/sign-in", ["csrf": csrf, "token": "tlt_abcdefgh_notarealsecret"])
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("Sign-in refused"))
        #expect(browser.cookies["tl_session"] == nil)

        let again = try await browser.get("/portal/sign-in")
        let fresh = try #require(PortalBrowser.csrf(in: again.text))
        let crossSite = try await browser.post("/portal/sign-in", ["csrf": fresh, "token": book.acmeToken],
                                               headers: ["Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"])
        #expect(crossSite.status == 403)
        #expect(browser.cookies["tl_session"] == nil)
    }

    @Test func aRevokedTokenEndsTheSessionAtTheNextClick() async throws {
        let book = try ServedBook()
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let acme = try await Self.signedIn(book.served.base, token: book.acmeToken)
        #expect(try await acme.get("/portal").status == 200)
        let id = try #require(TokenText.id(of: book.acmeToken))
        _ = try book.service.revokeToken(id, reason: "lost laptop", GovernanceService.Signing(key: book.served.admin, time: .now()))
        let after = try await acme.get("/portal")
        #expect(after.status == 303)
        #expect(after.header("Location") == "/portal/sign-in")
    }

    @Test func textFromTheLedgerIsEscapedInPages() async throws {
        let book = try ServedBook()
        let hostile = "<script>alert(1)</script>&\"'"
        let end = EntryTime.now()
        let start = EntryTime(milliseconds: end.milliseconds - 30 * 60_000) ?? end
        _ = try book.service.record(SLAEntry.incident, SLAEntry.incidentBody(start: start, end: end, severity: .sev1, customers: ["acme"], tiers: [],
                                                                             summary: hostile),
                                    signedBy: book.served.ops, at: .now())
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let acme = try await Self.signedIn(book.served.base, token: book.acmeToken)
        let sla = try await acme.get("/portal/licenses/ACME-1/sla")
        #expect(sla.status == 200)
        #expect(!sla.text.contains("<script>alert"))
        #expect(sla.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"))
    }

    @Test func staffSignInWithAOneTimeLinkAndCustomersCannotOpenStaffPages() async throws {
        let book = try ServedBook()
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let base = book.served.base
        let client = try LedgerClient(base, credentials: .key(book.served.dana))
        let link = try await client.portalSignInLink()
        #expect(link.hasPrefix(base + "/portal/staff/enter?code="))
        let path = String(link.dropFirst(base.count))

        let staff = PortalBrowser(base: base)
        let entered = try await staff.get(path)
        #expect(entered.status == 303)
        #expect(staff.cookies["tl_session"] != nil)
        #expect(try await staff.get("/portal/staff").status == 200)
        let queue = try await staff.get("/portal/staff/queue")
        #expect(queue.status == 200)
        // Staff read any customer's license pages.
        #expect(try await staff.get("/portal/licenses/BETA-1").status == 200)

        // A link works once.
        let second = PortalBrowser(base: base)
        let spent = try await second.get(path)
        #expect(spent.status == 401)
        #expect(second.cookies["tl_session"] == nil)

        // Without a signature there is no link; a customer session cannot open staff pages.
        let unsigned = try await PortalBrowser(base: base).send("/portal/staff/sign-in-code", method: "POST", body: nil, headers: [:])
        #expect(unsigned.status == 401)
        let acme = try await Self.signedIn(base, token: book.acmeToken)
        #expect(try await acme.get("/portal/staff").status == 403)
        #expect(try await acme.get("/portal/staff/queue").status == 403)
    }

    @Test func theVerifierReadsOnlyTheCustomersOwnEntries() async throws {
        let book = try ServedBook()
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let acme = try await Self.signedIn(book.served.base, token: book.acmeToken)
        let state = try book.service.state()
        let own = try #require(state.licenses["ACME-1"]?.changes.first)
        let other = try #require(state.licenses["BETA-1"]?.changes.first)
        let entry = try await acme.get("/portal/entries/\(own)")
        #expect(entry.status == 200)
        let document = try JSONParser.parse(entry.body)
        #expect(document["seq"]?.integerValue == own)
        let line = try #require(document["line"]?.stringValue)
        #expect(try book.served.ledger.line(at: own) == Array(line.utf8))
        #expect(try await acme.get("/portal/entries/\(other)").status == 404)
        #expect(try await acme.get("/portal/entries/0").status == 404)
    }

    @Test func everyPortalRouteSendsAnonymousVisitorsToSignInOrAnswersOpenly() async throws {
        let book = try ServedBook()
        try await book.served.start()
        defer { Task { await book.served.stop() } }
        let routes = LedgerServer.portalRoutes(service: book.service)
        #expect(!routes.isEmpty)
        for route in routes where route.method == "GET" {
            let path = route.path.replacingOccurrences(of: "{id}", with: "ACME-1").replacingOccurrences(of: "{seq}", with: "1")
            let reply = try await PortalBrowser(base: book.served.base).get(path)
            switch route.access {
            case .open:
                #expect(reply.status != 303, "\(route) is open")
            default:
                #expect(reply.status == 303, "\(route) must send an anonymous visitor to sign in")
                #expect(reply.header("Location") == "/portal/sign-in")
            }
        }
    }

    @Test func aCustomerFilesARequestFromThePortalAndSeesItsStatus() async throws {
        let d = try CustomerRequestTests.desk()
        try await d.book.served.start(intakeKey: d.intake)
        defer { Task { await d.book.served.stop() } }
        let acme = try await Self.signedIn(d.book.served.base, token: d.asker)
        let page = try await acme.get("/portal/requests")
        #expect(page.status == 200)
        let csrf = try #require(PortalBrowser.csrf(in: page.text))
        // Without the session's token the form is refused and nothing is filed.
        let forged = try await acme.post("/portal/requests", ["license": "ACME-1", "kind": "seats", "detail": "15"])
        #expect(forged.status == 403)
        #expect(try d.book.service.state().customerRequests.isEmpty)
        // Another customer's license is not found, as everywhere.
        let other = try await acme.post("/portal/requests", ["csrf": csrf, "license": "BETA-1", "kind": "seats", "detail": "15"])
        #expect(other.status == 404)
        let filed = try await acme.post("/portal/requests", ["csrf": csrf, "license": "ACME-1", "kind": "seats", "detail": "15",
                                                              "message": "<b>we are growing</b>"])
        #expect(filed.status == 303)
        let state = try d.book.service.state()
        let request = try #require(state.customerRequests.values.first)
        #expect(request.license == "ACME-1")
        #expect(request.ask == .seats(15))
        let list = try await acme.get("/portal/requests")
        #expect(list.text.contains(request.id))
        #expect(list.text.contains("open"))
    }
}
