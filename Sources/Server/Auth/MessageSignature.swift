import Ledger
import LedgerCrypto

/// HTTP Message Signatures (RFC 9421) over requests: the signature base, and the two algorithms a
/// ledger key can make, `ed25519` and `ecdsa-p256-sha256` (r‖s, 64 bytes).
///
/// Covered components supported: `@method`, `@authority`, `@path`, `@query` and header fields
/// (without component parameters). Staff reads to `tierledger serve` must cover `@method`,
/// `@authority` (so a request signed for one server is refused by another), `@path` and `@query`, and carry `created` and `keyid` (the ledger's key id: hex SHA-256 of the key's
/// DER SubjectPublicKeyInfo); docs/server.md gives the exact form.
public enum MessageSignature {
    /// The label the command line signs under.
    public static let label = "tierledger"
    /// What every signature to the server must cover.
    public static let requiredComponents = ["@method", "@authority", "@path", "@query"]

    /// A request as the covered components read it.
    public struct Message: Sendable {
        public var method: String
        /// The path as sent (percent-encoding kept); empty means `/`.
        public var path: String
        /// The query as sent without its `?`; nil when the target has none.
        public var query: String?
        public var authority: String?
        /// Header fields by lowercase name, each with its values in order.
        public var fields: [String: [String]]

        public init(method: String, path: String, query: String?, authority: String? = nil, fields: [String: [String]] = [:]) {
            self.method = method
            self.path = path
            self.query = query
            self.authority = authority
            self.fields = fields
        }

        /// Splits a request target (`/a/b?x=1`) into path and query.
        public init(method: String, target: String, authority: String? = nil, fields: [String: [String]] = [:]) {
            if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
                let path = String(decoding: target.utf8[..<mark], as: UTF8.self)
                let query = String(decoding: target.utf8[target.utf8.index(after: mark)...], as: UTF8.self)
                self.init(method: method, path: path, query: query, authority: authority, fields: fields)
            } else {
                self.init(method: method, path: target, query: nil, authority: authority, fields: fields)
            }
        }

        /// The value of a covered component, or why it cannot be had.
        func value(of component: String) -> Result<String, SignatureFailure> {
            switch component {
            case "@method": return .success(method)
            case "@path": return .success(path.isEmpty ? "/" : path)
            case "@query": return .success("?" + (query ?? ""))
            case "@authority":
                guard let authority else { return .failure(.missingComponent(component)) }
                return .success(authority.lowercased())
            case let name where name.hasPrefix("@"):
                return .failure(.unsupportedComponent(name))
            default:
                guard let values = fields[component], !values.isEmpty else { return .failure(.missingComponent(component)) }
                return .success(values.map { trimmed($0) }.joined(separator: ", "))
            }
        }

        private func trimmed(_ text: String) -> String {
            var scalars = Substring(text).unicodeScalars[...]
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
            return String(String.UnicodeScalarView(scalars))
        }
    }

    /// The signature parameters: covered components and `created`, `keyid` and the rest, in order.
    struct Parameters: Equatable {
        var components: [String]
        var parameters: [(String, StructuredFields.Item)]

        static func == (a: Parameters, b: Parameters) -> Bool { a.serialized == b.serialized }

        /// `("@method" "@path" "@query");created=…;keyid="…";alg="…"`.
        var serialized: String {
            "(" + components.map(StructuredFields.serialize(string:)).joined(separator: " ") + ")"
                + StructuredFields.serialize(parameters: parameters)
        }

        var created: Int64? { if case let .integer(v)? = parameter("created") { return v }; return nil }
        var expires: Int64? { if case let .integer(v)? = parameter("expires") { return v }; return nil }
        var keyID: String? { if case let .string(v)? = parameter("keyid") { return v }; return nil }
        var algorithm: String? { if case let .string(v)? = parameter("alg") { return v }; return nil }

        func parameter(_ name: String) -> StructuredFields.Item? { parameters.first { $0.0 == name }?.1 }
    }

    /// The signature base (RFC 9421 §2.5): one line per covered component, then `@signature-params`.
    static func base(of message: Message, _ parameters: Parameters) -> Result<[UInt8], SignatureFailure> {
        var lines: [String] = []
        var seen: Set<String> = []
        for component in parameters.components {
            guard seen.insert(component).inserted else { return .failure(.duplicateComponent(component)) }
            switch message.value(of: component) {
            case let .success(value):
                guard !value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return .failure(.malformed("component \(component) holds a line break")) }
                lines.append(StructuredFields.serialize(string: component) + ": " + value)
            case let .failure(failure): return .failure(failure)
            }
        }
        lines.append("\"@signature-params\": " + parameters.serialized)
        return .success(Array(lines.joined(separator: "\n").utf8))
    }

    /// The RFC 9421 algorithm name of a key.
    public static func algorithmName(_ algorithm: SignatureAlgorithm) -> String {
        switch algorithm {
        case .ed25519: return "ed25519"
        case .p256: return "ecdsa-p256-sha256"
        }
    }

    /// Signs `base` with `key` in the RFC 9421 form of its algorithm.
    public static func sign(_ base: [UInt8], with key: PrivateKey) throws -> [UInt8] {
        let signature = try key.signature(for: base)
        guard key.algorithm == .p256 else { return signature }
        guard case let .success(parsed) = ECDSASignature.parse(signature) else {
            throw LedgerCryptoError.signingFailed("OpenSSL returned an ECDSA signature that is not minimal DER")
        }
        return parsed.raw
    }

    /// True when `signature` (RFC 9421 form) is `key`'s over `base`.
    public static func isValid(_ signature: [UInt8], over base: [UInt8], by key: PublicKey) -> Bool {
        switch key.algorithm {
        case .ed25519:
            return key.isValidSignature(signature, for: base)
        case .p256:
            guard let raw = ECDSASignature(raw: signature), let der = ECDSASignature.normalising(raw.der) else { return false }
            return key.isValidSignature(der, for: base)
        }
    }

    /// The `Signature-Input` and `Signature` header values that sign a request to the server with
    /// `key`, created at `created` (Unix seconds).
    public static func headers(for message: Message, key: PrivateKey, created: Int64, nonce: String? = nil) throws -> (input: String, signature: String) {
        var parameters: [(String, StructuredFields.Item)] = [
            ("created", .integer(created)),
            ("keyid", .string(key.publicKey.id.hex)),
            ("alg", .string(algorithmName(key.algorithm))),
        ]
        if let nonce { parameters.append(("nonce", .string(nonce))) }
        let chosen = Parameters(components: requiredComponents, parameters: parameters)
        let base: [UInt8]
        switch MessageSignature.base(of: message, chosen) {
        case let .success(bytes): base = bytes
        case let .failure(failure): throw failure
        }
        let signature = try sign(base, with: key)
        return ("\(label)=" + chosen.serialized, "\(label)=:" + Ledger.Base64.encode(signature) + ":")
    }
}

/// Why a signed request is not accepted.
public enum SignatureFailure: CodedError, Sendable, Equatable, CustomStringConvertible {
    public var errorCode: ErrorCode { .serverBadCredentials }

    case malformed(String)
    case missingComponent(String)
    case unsupportedComponent(String)
    case duplicateComponent(String)
    case notCovered(String)
    case missingParameter(String)
    case algorithmMismatch(declared: String, key: String)
    case stale(created: Int64, now: Int64, window: Int64)
    case expired(Int64)
    case badSignature

    public var description: String {
        switch self {
        case let .malformed(why): return "the Signature-Input or Signature header is malformed: \(why)"
        case let .missingComponent(name): return "the signature covers \(name), which the request does not have"
        case let .unsupportedComponent(name): return "the signature covers \(name), which the server does not support"
        case let .duplicateComponent(name): return "the signature covers \(name) twice"
        case let .notCovered(name): return "the signature must cover \(name)"
        case let .missingParameter(name): return "the signature has no \(name) parameter"
        case let .algorithmMismatch(declared, key): return "the signature says alg=\"\(declared)\", but the key is \(key)"
        case let .stale(created, now, window):
            return "the signature was created at \(created), more than \(window) s from the server's clock (\(now)); check the client's clock"
        case let .expired(at): return "the signature expired at \(at)"
        case .badSignature: return "the signature does not verify with the key named by keyid"
        }
    }
}
