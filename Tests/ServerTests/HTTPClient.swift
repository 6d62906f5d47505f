import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP exchange against a live server on loopback.
struct HTTPReply: Sendable {
    let status: Int
    let body: [UInt8]
    let headers: [String: String]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

enum HTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()

    static func get(_ url: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        var request = URLRequest(url: try make(url))
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    static func post(_ url: String, body: [UInt8], contentType: String = "application/jsonl", headers: [String: String] = [:]) async throws -> HTTPReply {
        var request = URLRequest(url: try make(url))
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    static func send(_ url: String, method: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        var request = URLRequest(url: try make(url))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    private static func make(_ url: String) throws -> URL {
        guard let made = URL(string: url) else { throw URLError(.badURL) }
        return made
    }

    private static func send(_ request: URLRequest) async throws -> HTTPReply {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPReply(status: http.statusCode, body: [UInt8](data), headers: headers)
    }
}
