import Governance
import Hummingbird
import Ledger

/// Requests from the portal: a customer asks for an upgrade, more seats or an add-on on one of its
/// licenses; the request becomes a `customer.request` entry signed with the server's intake key,
/// which the deal desk sees in `tierledger change inbox`; the page shows each request's status.
struct PortalRequests {
    let portal: Portal

    func register(_ add: Portal.Adder) {
        let portal = self.portal
        add(.get, "/portal/requests", .customer) { _, _, grant in
            PortalResponse.page(RequestsPage.render(grant, desk: portal.desk, notice: nil))
        }
        add(.post, "/portal/requests", .customer) { request, _, grant in
            let form = try await PortalRequest.form(&request, limits: portal.limits)
            try Portal.checkCSRF(form, grant)
            let message = (form["message"] ?? "").isEmpty ? nil : form["message"]
            let desk = portal.desk, caller = grant.caller
            let filed = try await portal.pool.run {
                try desk.file(license: form["license"] ?? "", caller: caller, kind: form["kind"] ?? "", detail: form["detail"] ?? "", message: message)
            }
            return PortalResponse.redirect(to: "/portal/requests?filed=" + filed.id)
        }
    }
}

enum RequestsPage {
    static func render(_ grant: PortalGrant, desk: CustomerRequestDesk, notice: String?) -> HTML {
        let licenses = grant.state.licenses.values.filter { $0.customer == grant.customer }.sorted { $0.id < $1.id }
        let requests = desk.requests(caller: grant.caller, state: grant.state).sorted { $0.seq > $1.seq }
        let rows = requests.map { request -> [HTML] in
            ["\(request.id)", "\(request.time.rfc3339)", "\(request.license)", "\(request.ask.summary)",
             "\(grant.state.status(of: request, at: grant.now).rawValue)"]
        }
        let options = licenses.map { license -> HTML in "<option value=\"\(license.id)\">\(license.id) (\(license.tier))</option>" }
        let canFile: Bool = {
            if case let .customer(_, _, scopes) = grant.caller { return scopes.contains(.request) && desk.key != nil }
            return false
        }()
        let form: HTML = canFile && !licenses.isEmpty ? """
            <h2>Ask for a change</h2>
            <form method="post" action="/portal/requests">
            <input type="hidden" name="csrf" value="\(grant.session.csrf)">
            <label for="license">License</label><select id="license" name="license">\(options)</select>
            <label for="kind">What you need</label><select id="kind" name="kind">
            <option value="upgrade">An upgrade to the tier named below</option><option value="seats">Seats: the total named below</option>
            <option value="addon-add">The add-on named below</option></select>
            <label for="detail">Tier, number of seats, or add-on</label><input id="detail" name="detail" required>
            <label for="message">Message to the deal desk (optional)</label><textarea id="message" name="message" maxlength="500" rows="3"></textarea>
            <p><button type="submit">Send the request</button></p>
            </form>
            """ : "<p class=\"note\">Your access token does not allow filing requests, or the vendor takes them another way; ask the vendor for a token with the request scope.</p>"
        let list: HTML = rows.isEmpty ? "<p>You have made no requests.</p>"
            : Layout.table(caption: "Your requests, newest first", columns: ["Request", "Filed", "License", "Asked for", "Status"], rows: rows)
        return Layout.page(title: "Requests", grant: grant, nav: Layout.customerNav(), current: "/portal/requests", "\(form)\n\(list)")
    }
}
