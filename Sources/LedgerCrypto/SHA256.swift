/// SHA-256, one-shot and streaming, computed by the system OpenSSL.
public enum SHA256 {
    /// Digest size in bytes.
    public static let byteCount = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some RawBytes) -> [UInt8] {
        bytes.withUnsafeBytes { oneShotDigest($0) }
    }

    /// The SHA-256 digest of one `prefix` byte followed by `bytes`, without joining them first:
    /// the domain-separated hashes of RFC 9162 (0x00 for leaves, 0x01 for nodes).
    public static func hash(prefix: UInt8, _ bytes: some RawBytes) -> [UInt8] {
        bytes.withUnsafeBytes { prefixedDigest(prefix, $0) }
    }
}

/// Byte containers that can lend their storage without a copy (arrays, slices, raw buffers, strings).
public protocol RawBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: RawBytes where Element == UInt8 {}
extension ArraySlice: RawBytes where Element == UInt8 {}
extension UnsafeRawBufferPointer: RawBytes {
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(self) }
}
extension String: RawBytes {
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
