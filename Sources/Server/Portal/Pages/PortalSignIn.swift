import Foundation
import Governance
import HTTPTypes
import Hummingbird
import Ledger
import LedgerCrypto

/// Signing in and out. A customer pastes the token the vendor issued (`tierledger token issue
/// --scope read`); the portal checks it against the ledger, keeps only its id in a new session and
/// never shows or logs it. The sign-in form is protected by a double-submit token: a random value
/// in a short-lived cookie that the form must repeat. Staff sign in with a one-time code that
/// `tierledger portal sign-in` obtains with a request signed by their enrolled key.
struct PortalSignIn {
    let portal: Portal

    func register(_ add: Portal.Adder) {
        let portal = self.portal
        add(.get, "/portal/sign-in", .anyone) { request, _, _ in
            if let grant = try await portal.grant(request), grant.caller != .anonymous {
                return PortalResponse.redirect(to: "/portal")
            }
            let nonce = try PortalSessions.secret()
            var response = PortalResponse.page(PortalSignIn.form(nonce: nonce, problem: nil))
            response.headers.append(HTTPField(name: .setCookie, value: Portal.cookie(Portal.signInCookie, nonce, path: "/portal/sign-in",
                                                                                      maxAge: 1800, secure: portal.secureCookies)))
            return response
        }
        add(.post, "/portal/sign-in", .anyone) { request, _, _ in
            let form = try await PortalRequest.form(&request, limits: portal.limits)
            let cookie = Array((PortalRequest.cookie(request, Portal.signInCookie) ?? "").utf8)
            guard !cookie.isEmpty, SecureRandom.constantTimeEqual(cookie, Array((form["csrf"] ?? "").utf8)) else {
                throw PortalError.badForm("the sign-in form did not carry the token of the page it came from")
            }
            let text = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let service = portal.service
            let state = try await portal.pool.run { try service.state() }
            let now = EntryTime.now()
            let token: AccessToken
            switch state.token(presented: text, at: now) {
            case let .success(found): token = found
            case let .failure(refusal):
                // The page again, with the reason; a fresh double-submit token for the next try.
                let nonce = try PortalSessions.secret()
                var response = PortalResponse.page(PortalSignIn.form(nonce: nonce, problem: refusal.message), status: .unauthorized)
                response.headers.append(HTTPField(name: .setCookie, value: Portal.cookie(Portal.signInCookie, nonce, path: "/portal/sign-in",
                                                                                          maxAge: 1800, secure: portal.secureCookies)))
                return response
            }
            guard token.scopes.contains(.read) else {
                throw PortalError.signIn("token \(token.id) has no read scope; the portal needs a token issued with --scope read")
            }
            let session = try portal.sessions.open(.customer(token: token.id, customer: token.customer), now: now.milliseconds)
            return PortalResponse.redirect(to: "/portal", cookies: [portal.sessionCookie(session.id),
                                                                    Portal.cookie(Portal.signInCookie, nil, path: "/portal/sign-in", maxAge: 0,
                                                                                  secure: portal.secureCookies)])
        }
        add(.post, "/portal/sign-out", .customerOrStaff) { request, _, grant in
            let form = try await PortalRequest.form(&request, limits: portal.limits)
            try Portal.checkCSRF(form, grant)
            portal.sessions.close(grant.session.id)
            return PortalResponse.redirect(to: "/portal/sign-in", cookies: [portal.sessionCookie(nil)])
        }
        add(.post, "/portal/staff/sign-in-code", .staffSignature) { _, _, grant in
            guard case let .staff(name, _, key) = grant.caller else { throw PortalError.notForYou("only staff obtain sign-in codes") }
            let code = try portal.sessions.code(for: .staff(name: name, key: key), now: grant.now.milliseconds)
            return JSONResponse.make(.object(["path": .string("/portal/staff/enter?code=" + code), "expires_in_seconds": .integer(60)]),
                                     status: .created)
        }
        add(.get, "/portal/staff/enter", .anyone) { request, _, _ in
            let now = EntryTime.now()
            guard let code = Query.text(request, "code"), let viewer = portal.sessions.redeem(code, now: now.milliseconds) else {
                throw PortalError.signIn("this sign-in link is spent or expired (a link works once, within 60 seconds)")
            }
            let session = try portal.sessions.open(viewer, now: now.milliseconds)
            return PortalResponse.redirect(to: "/portal/staff", cookies: [portal.sessionCookie(session.id)])
        }
    }

    static func form(nonce: String, problem: String?) -> HTML {
        let alert: HTML = problem.map { "<p class=\"error\" role=\"alert\">Sign-in refused: \($0)</p>" } ?? ""
        return Layout.page(title: "Sign in", grant: nil, """
            \(alert)
            <p>Sign in with the access token your vendor gave you. It starts with <code>tlt_</code>.</p>
            <form method="post" action="/portal/sign-in">
            <input type="hidden" name="csrf" value="\(nonce)">
            <label for="token">Access token</label>
            <input id="token" name="token" type="password" autocomplete="off" required spellcheck="false">
            <p><button type="submit">Sign in</button></p>
            </form>
            <p class="note">Staff: run <code>tierledger portal sign-in --server URL --key KEY</code> and open the link it prints.</p>
            """)
    }
}
