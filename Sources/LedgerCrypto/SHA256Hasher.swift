/// Streaming SHA-256: feed bytes in pieces, then take the digest once.
///
/// Not thread-safe; one hasher per stream.
public final class SHA256Hasher {
    let context: DigestContext

    /// A fresh hasher. Throws only when OpenSSL refuses SHA-256 (e.g. a restrictive provider).
    public init() throws {
        context = try DigestContext.sha256()
    }

    /// Adds bytes to the stream.
    public func update(_ bytes: some RawBytes) {
        bytes.withUnsafeBytes { context.update($0) }
    }

    /// The digest of everything fed so far. Call once.
    public func finalize() -> [UInt8] {
        context.finalize()
    }
}
