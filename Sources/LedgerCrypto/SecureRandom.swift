internal import COpenSSL

/// Random bytes from OpenSSL's CSPRNG (`RAND_bytes`), for secrets such as access tokens.
public enum SecureRandom {
    /// `count` random bytes; throws when OpenSSL cannot produce them (never returns weak bytes).
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let status = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard status == 1 else { throw LedgerCryptoError.openSSL(operation: "RAND_bytes", reason: OpenSSLErrorQueue.drain()) }
        return out
    }

    /// True when `a` and `b` are equal, in time that depends only on their lengths: for comparing a
    /// presented secret's digest with a stored one.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
