import HTTPTypes
import Hummingbird
import Ledger

/// The portal's responses: HTML pages, redirects, and the headers every one of them carries.
enum PortalResponse {
    /// No script but the portal's own, no style but its own, nothing from another origin, no framing.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Fields HTTPTypes has no constant for (both names are valid tokens, so neither is ever nil).
    static let extraFields: [(HTTPField.Name?, String)] = [(HTTPField.Name("Referrer-Policy"), "no-referrer"),
                                                           (HTTPField.Name("X-Frame-Options"), "DENY")]

    static func page(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.bytesResponse(Array(html.markup.utf8), contentType: "text/html; charset=utf-8", status: status)
    }

    /// 303 See Other to `path` (after a form, or to the sign-in page).
    static func redirect(to path: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: path, .contentLength: "0"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// `response` with the portal's security headers; private pages are never cached.
    static func secured(_ response: Response) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        for case let (name?, value) in extraFields { response.headers[name] = value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// A download: `body` as `type`, saved under `filename`.
    static func download(_ body: String, type: String, filename: String) -> Response {
        var response = JSONResponse.bytesResponse(Array(body.utf8), contentType: type)
        response.headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return response
    }
}
