import Foundation
import Hummingbird

/// What the portal reads from a browser's request: cookies and urlencoded form fields.
enum PortalRequest {
    /// The value of cookie `name`, if the request carries it (the first, if several).
    static func cookie(_ request: Request, _ name: String) -> String? {
        for field in request.headers where field.name.canonicalName == "cookie" {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                if parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// The fields of an `application/x-www-form-urlencoded` body (the last value of each name).
    /// A body of another type, or one that does not decode, is refused.
    static func form(_ request: inout Request, limits: ServerLimits) async throws -> [String: String] {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw PortalError.badForm("the form must be sent as application/x-www-form-urlencoded")
        }
        let bytes = try await BodyReader.collect(&request, limits: limits)
        return try decodeForm(String(decoding: bytes, as: UTF8.self))
    }

    static func decodeForm(_ body: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw PortalError.badForm("a form field is not valid percent-encoded UTF-8")
            }
            fields[name] = value
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// True unless the browser says the request came from another site: `Sec-Fetch-Site` other
    /// than same-origin or none, or an `Origin` whose host is not this request's authority.
    static func isSameOrigin(_ request: Request) -> Bool {
        for field in request.headers where field.name.canonicalName == "sec-fetch-site" {
            guard field.value == "same-origin" || field.value == "none" else { return false }
        }
        for field in request.headers where field.name.canonicalName == "origin" {
            guard let authority = request.head.authority else { return false }
            let origin = field.value
            guard origin == "http://" + authority || origin == "https://" + authority else { return false }
        }
        return true
    }
}
