/// Random bytes from OpenSSL's CSPRNG (`RAND_bytes`), for secrets such as access tokens.
public enum SecureRandom {
    /// `count` random bytes; throws when OpenSSL cannot produce them (never returns weak bytes).
    public static func bytes(_ count: Int) throws(LedgerCryptoError) -> [UInt8] {
        try randomBytes(count)
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
