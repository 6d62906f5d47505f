import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A browser as the portal tests need one: it keeps the cookies it is given (by hand, so a test
/// can drop, forge or keep them after sign-out), never follows redirects, and can say where it
/// comes from (`Origin`, `Sec-Fetch-Site`).
final class PortalBrowser: @unchecked Sendable {
    let base: String
    var cookies: [String: String] = [:]

    init(base: String) { self.base = base }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await send(path, method: "GET", body: nil, headers: headers)
    }

    /// Posts `fields` urlencoded, as a form.
    func post(_ path: String, _ fields: [String: String], headers: [String: String] = [:]) async throws -> HTTPReply {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.sorted { $0.key < $1.key }.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        var all = headers
        all["Content-Type"] = all["Content-Type"] ?? "application/x-www-form-urlencoded"
        return try await send(path, method: "POST", body: Array(body.utf8), headers: all)
    }

    func send(_ path: String, method: String, body: [UInt8]?, headers: [String: String]) async throws -> HTTPReply {
        guard let url = URL(string: base + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body { request.httpBody = Data(body) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if !cookies.isEmpty {
            request.setValue(cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
        }
        let (data, response) = try await Self.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        let reply = HTTPReply(status: http.statusCode, body: [UInt8](data), headers: fields)
        for cookie in Self.setCookies(reply) {
            if cookie.maxAge == 0 { cookies[cookie.name] = nil } else { cookies[cookie.name] = cookie.value }
        }
        return reply
    }

    /// The cookies a reply sets (Foundation folds several `Set-Cookie` fields into one, comma-joined).
    static func setCookies(_ reply: HTTPReply) -> [(name: String, value: String, maxAge: Int?, attributes: String)] {
        guard let header = reply.header("Set-Cookie") else { return [] }
        return header.components(separatedBy: ", ").compactMap { text in
            let parts = text.components(separatedBy: "; ")
            guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return nil }
            let maxAge = parts.first { $0.hasPrefix("Max-Age=") }.flatMap { Int($0.dropFirst(8)) }
            return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]), maxAge, text)
        }
    }

    /// The value of the hidden `csrf` field of a page's first form that has one.
    static func csrf(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = page[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
