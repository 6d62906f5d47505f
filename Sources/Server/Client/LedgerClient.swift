import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ledger
import LedgerCrypto

/// The command line's way to a served ledger (`--server URL`): it reads the head, builds and signs
/// entries on it locally with the caller's key (the server never sees a private key), and posts
/// their exact lines to `POST /entries`.
public struct LedgerClient: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public let base: URL
    /// How reads prove who asks.
    public let credentials: Credentials

    /// What a client sends to authenticate its reads (writes carry their own signatures).
    public enum Credentials: Sendable {
        case none
        /// A customer's bearer token, `tlt_…`.
        case token(String)
        /// An enrolled principal's key: each request is signed (RFC 9421).
        case key(PrivateKey)
    }

    /// Refuses anything but an absolute http or https URL.
    public init(_ text: String, credentials: Credentials = .none) throws {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw ClientError.badURL(text)
        }
        base = url
        self.credentials = credentials
    }

    /// GETs `path` (with an optional raw query, without `?`) with the client's credentials, and
    /// returns the body of a 2xx answer.
    public func get(_ path: String, query: String? = nil) async throws -> [UInt8] {
        try await send(path: path, query: query, method: "GET", body: nil).body
    }

    /// The ledger's head as the server reports it; nil when it holds no entry.
    public func head() async throws -> ChainTip? {
        let document = try await json(try await send(path: "/head", method: "GET", body: nil))
        guard let size = document["size"]?.integerValue else { throw ClientError.unexpected("GET /head gave no size") }
        guard size > 0 else { return nil }
        guard let seq = document["seq"]?.integerValue, let hash = document["hash"]?.stringValue.flatMap(Digest.init(hex:)),
              let time = document["time"]?.stringValue.flatMap(EntryTime.init(rfc3339:))
        else { throw ClientError.unexpected("GET /head gave no seq, hash and time") }
        return ChainTip(seq: seq, hash: hash, time: time)
    }

    /// Posts signed entry lines; returns each entry's sequence number and hash.
    public func post(_ lines: [[UInt8]]) async throws -> [(seq: Int64, hash: String)] {
        var body: [UInt8] = []
        for line in lines { body += line + [0x0A] }
        let document = try await json(try await send(path: "/entries", method: "POST", body: body))
        guard let entries = document["entries"]?.arrayValue else { throw ClientError.unexpected("POST /entries gave no receipt") }
        return try entries.map { item in
            guard let seq = item["seq"]?.integerValue, let hash = item["hash"]?.stringValue else {
                throw ClientError.unexpected("POST /entries gave a receipt without seq and hash")
            }
            return (seq, hash)
        }
    }

    /// A one-time link (good for 60 seconds) that signs a browser in to the staff portal as the
    /// principal whose key signs this request.
    public func portalSignInLink() async throws -> String {
        let document = try await json(try await send(path: "/portal/staff/sign-in-code", method: "POST", body: nil))
        guard let path = document["path"]?.stringValue, path.hasPrefix("/portal/") else {
            throw ClientError.unexpected("POST /portal/staff/sign-in-code gave no path")
        }
        let base = self.base.absoluteString.hasSuffix("/") ? String(self.base.absoluteString.dropLast()) : self.base.absoluteString
        return base + path
    }

    /// Builds `drafts` on the server's head, signs them with `key` at `time`, and posts them; when
    /// another writer moved the head in between (409), builds and signs again on the new head, up
    /// to `attempts` times. Returns the posted lines with their receipts.
    public func append(_ drafts: [EntryDraft], signedBy key: PrivateKey, at time: @Sendable () throws -> EntryTime,
                       attempts: Int = 8) async throws -> [(seq: Int64, hash: String, line: [UInt8])] {
        var attempt = 0
        while true {
            attempt += 1
            let tip = try await head()
            let links = try Chain.extend(after: tip, with: drafts, signedBy: key, at: try time())
            do {
                let receipt = try await post(links.map(\.line))
                return zip(receipt, links).map { ($0.seq, $0.hash, $1.line) }
            } catch let ClientError.refused(status, code, _, _) where status == 409 && code == ErrorCode.ledgerHeadMoved.id && attempt < attempts {
                continue
            }
        }
    }

    private func send(path: String, query: String? = nil, method: String, body: [UInt8]?) async throws -> (status: Int, body: [UInt8]) {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else { throw ClientError.badURL(base.absoluteString) }
        let basePath = components.percentEncodedPath.hasSuffix("/") ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        components.percentEncodedPath = basePath + path
        components.percentEncodedQuery = query
        guard let url = components.url else { throw ClientError.badURL(base.absoluteString + path) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        switch credentials {
        case .none:
            break
        case let .token(text):
            request.setValue("Bearer " + text, forHTTPHeaderField: "Authorization")
        case let .key(key):
            // The authority as the Host field will carry it: host, and the port when the URL names one.
            let host = components.percentEncodedHost ?? ""
            let authority = (host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host) + (components.port.map { ":\($0)" } ?? "")
            let message = MessageSignature.Message(method: method, path: components.percentEncodedPath, query: components.percentEncodedQuery,
                                                   authority: authority)
            let signed = try MessageSignature.headers(for: message, key: key, created: EntryTime.now().milliseconds / 1000)
            request.setValue(signed.input, forHTTPHeaderField: "Signature-Input")
            request.setValue(signed.signature, forHTTPHeaderField: "Signature")
        }
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/jsonl", forHTTPHeaderField: "Content-Type")
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw ClientError.unreachable(base.absoluteString, String(describing: error))
        }
        guard let http = response as? HTTPURLResponse else { throw ClientError.unexpected("\(method) \(path) gave no HTTP response") }
        let bytes = [UInt8](data)
        guard (200..<300).contains(http.statusCode) else {
            let document = try? JSONParser.parse(bytes)
            throw ClientError.refused(status: http.statusCode, code: document?["code"]?.stringValue ?? "HTTP-\(http.statusCode)",
                                      message: document?["message"]?.stringValue ?? "the server answered \(http.statusCode)",
                                      remedy: document?["remedy"]?.stringValue ?? "")
        }
        return (http.statusCode, bytes)
    }

    private func json(_ reply: (status: Int, body: [UInt8])) async throws -> JSONValue {
        do { return try JSONParser.parse(reply.body) } catch { throw ClientError.unexpected("the server's answer is not JSON") }
    }
}

/// Why a request to the server failed.
public enum ClientError: CodedError, Sendable, CustomStringConvertible {
    case badURL(String)
    case unreachable(String, String)
    /// The server refused the request with its JSON error.
    case refused(status: Int, code: String, message: String, remedy: String)
    case unexpected(String)

    public var description: String {
        switch self {
        case let .badURL(text): return "--server takes an http or https URL such as http://127.0.0.1:8080; got \"\(text)\""
        case let .unreachable(url, reason): return "cannot reach the server at \(url): \(reason); check --server and that `tierledger serve` runs there"
        case let .refused(status, code, message, remedy):
            return "the server refused (\(status) \(code)): \(message)" + (remedy.isEmpty ? "" : "; \(remedy)")
        case let .unexpected(what): return "unexpected answer from the server: \(what)"
        }
    }

    /// Refusals keep the class of the server's answer; the rest are the client's own.
    public var errorCode: ErrorCode {
        switch self {
        case .badURL: return .serverClientURL
        case .unreachable: return .serverUnreachable
        case let .refused(status, _, _, _):
            switch status {
            case 403: return .serverClientForbidden
            case 409: return .serverClientConflict
            case 500...: return .serverUnreachable
            default: return .serverClientRefused
            }
        case .unexpected: return .serverUnexpected
        }
    }
}
