/// An ECDSA P-256 signature in its one accepted spelling: DER `ECDSA-Sig-Value`
/// (`SEQUENCE { INTEGER r, INTEGER s }`, X9.62 / RFC 3279) in minimal DER, with 1 ≤ r, s < n and
/// **low S** (s ≤ n/2).
///
/// ECDSA signatures are malleable: if (r, s) verifies, so does (r, n − s), and BER lets the same
/// integers be written in more than one way. Every spelling of one signature would give its entry
/// another hash, so a holder of a checkpoint could be shown a "rewritten" history no signer made.
/// Signers therefore emit exactly this form, and verifiers refuse every other one (pure Swift, so
/// the rule does not depend on what a given OpenSSL build tolerates).
public struct ECDSASignature: Sendable, Equatable {
    /// r and s, 32 bytes each, big-endian.
    public let r: [UInt8]
    public let s: [UInt8]

    /// The order n of the P-256 group.
    static let order: [UInt8] = hexBytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
    /// ⌊n / 2⌋: the largest low S.
    static let halfOrder: [UInt8] = hexBytes("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8")

    /// Why a signature's bytes are not the one accepted spelling.
    public enum Problem: CodedError, Equatable {
        /// Not minimal DER of a SEQUENCE of two positive INTEGERs, or bytes after it.
        case notDER(String)
        /// r or s is 0 or not below the group order.
        case outOfRange
        /// s is in the upper half of the group order: (r, n − s) is the accepted spelling.
        case highS

        public var description: String {
            switch self {
            case let .notDER(detail): return "not minimal DER (\(detail))"
            case .outOfRange: return "r or s outside 1…n−1"
            case .highS: return "S in the upper half of the group order, where only low S is accepted"
            }
        }

        public var errorCode: ErrorCode { .cryptoSignatureSpelling }
    }

    init(r: [UInt8], s: [UInt8]) {
        self.r = r
        self.s = s
    }

    /// Parses `der` strictly; `.failure` says why it is not the accepted spelling.
    public static func parse(_ der: [UInt8]) -> Result<ECDSASignature, Problem> {
        parseDER(der).flatMap { signature in
            lessThan(halfOrder, signature.s) ? .failure(.highS) : .success(signature)
        }
    }

    /// Minimal DER with r and s in range, S high or low.
    private static func parseDER(_ der: [UInt8]) -> Result<ECDSASignature, Problem> {
        var cursor = 0
        func take() -> UInt8? {
            guard cursor < der.count else { return nil }
            defer { cursor += 1 }
            return der[cursor]
        }
        // A P-256 signature is at most 72 bytes, so every length fits the short form (< 128).
        func length() -> Int? {
            guard let byte = take(), byte < 0x80 else { return nil }
            return Int(byte)
        }
        func integer() -> Result<[UInt8], Problem> {
            guard take() == 0x02 else { return .failure(.notDER("expected an INTEGER")) }
            guard let count = length(), count > 0, cursor + count <= der.count else {
                return .failure(.notDER("an INTEGER's length is not one short-form byte within the signature"))
            }
            let bytes = Array(der[cursor..<(cursor + count)])
            cursor += count
            if bytes[0] & 0x80 != 0 { return .failure(.notDER("a negative INTEGER")) }
            if bytes.count > 1, bytes[0] == 0, bytes[1] & 0x80 == 0 { return .failure(.notDER("an INTEGER with a needless leading zero")) }
            let magnitude = bytes.first == 0 ? Array(bytes.dropFirst()) : bytes
            guard magnitude.count <= 32 else { return .failure(.outOfRange) }
            return .success([UInt8](repeating: 0, count: 32 - magnitude.count) + magnitude)
        }
        guard take() == 0x30 else { return .failure(.notDER("expected a SEQUENCE")) }
        guard let total = length() else { return .failure(.notDER("the SEQUENCE's length is not one short-form byte")) }
        guard cursor + total == der.count else {
            return .failure(.notDER(cursor + total < der.count ? "bytes after the SEQUENCE" : "the SEQUENCE runs past the end"))
        }
        let r: [UInt8], s: [UInt8]
        switch integer() {
        case let .success(value): r = value
        case let .failure(problem): return .failure(problem)
        }
        switch integer() {
        case let .success(value): s = value
        case let .failure(problem): return .failure(problem)
        }
        guard cursor == der.count else { return .failure(.notDER("more than two INTEGERs")) }
        for value in [r, s] where value.allSatisfy({ $0 == 0 }) || !lessThan(value, order) {
            return .failure(.outOfRange)
        }
        return .success(ECDSASignature(r: r, s: s))
    }

    /// The accepted spelling of a minimal-DER signature: s replaced by n − s when it is high (both
    /// verify the same message). Signers apply it to what OpenSSL returns; nil when `der` is not
    /// minimal DER in range.
    public static func normalising(_ der: [UInt8]) -> [UInt8]? {
        guard case let .success(signature) = parseDER(der) else { return nil }
        guard lessThan(halfOrder, signature.s) else { return signature.der }
        return ECDSASignature(r: signature.r, s: subtract(order, signature.s)).der
    }

    /// The signature whose 64-byte form is `raw`: r then s, 32 bytes each, big-endian (the form of
    /// RFC 9421's `ecdsa-p256-sha256` and of JOSE); nil for any other length. Range is checked where
    /// the signature is verified.
    public init?(raw: [UInt8]) {
        guard raw.count == 64 else { return nil }
        self.init(r: Array(raw[0..<32]), s: Array(raw[32..<64]))
    }

    /// r then s, 32 bytes each, big-endian.
    public var raw: [UInt8] { r + s }

    /// Minimal DER: `30 len 02 len r 02 len s`.
    public var der: [UInt8] {
        func integer(_ value: [UInt8]) -> [UInt8] {
            var bytes = Array(value.drop { $0 == 0 })
            if bytes.isEmpty { bytes = [0] }
            if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
            return [0x02, UInt8(bytes.count)] + bytes
        }
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }

    /// a < b, both 32-byte big-endian.
    static func lessThan(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return false
    }

    /// a − b for a ≥ b, both 32-byte big-endian.
    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for i in stride(from: 31, through: 0, by: -1) {
            var value = Int(a[i]) - Int(b[i]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            out[i] = UInt8(value)
        }
        return out
    }
}

private func hexBytes(_ text: String) -> [UInt8] {
    Hex.decode(text) ?? []
}
