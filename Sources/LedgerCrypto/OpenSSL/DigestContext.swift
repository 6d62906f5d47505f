internal import COpenSSL

/// Owns an `EVP_MD_CTX` set up for SHA-256 and frees it on deinit.
final class DigestContext {
    private let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_MD_CTX_free(pointer) }

    static func sha256() throws -> DigestContext {
        OpenSSLErrorQueue.clear()
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLErrorQueue.error("allocate a digest context") }
        let owner = DigestContext(pointer: ctx)
        guard EVP_DigestInit_ex(ctx, sha256Method, nil) == 1 else {
            throw OpenSSLErrorQueue.error("start SHA-256")
        }
        return owner
    }

    func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        _ = EVP_DigestUpdate(pointer, base, buffer.count)
    }

    func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(pointer, &out, &length)
        return out
    }
}

/// SHA-256 fetched from OpenSSL's providers once for the process. `EVP_sha256()` names the
/// algorithm without an implementation, so every digest started with it repeats the fetch (a locked
/// lookup in OpenSSL 3's method store); a fetched one is used as it is.
private final class FetchedSHA256: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_MD_free(pointer) }

    /// Nil only when the providers offer no SHA-256; callers then fall back to `EVP_sha256()`.
    static let shared: FetchedSHA256? = EVP_MD_fetch(nil, "SHA2-256", nil).map(FetchedSHA256.init(pointer:))
}

/// The SHA-256 implementation to digest with.
private var sha256Method: OpaquePointer? { FetchedSHA256.shared?.pointer ?? EVP_sha256() }

/// One-shot SHA-256 of a buffer.
func oneShotDigest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: SHA256.byteCount)
    var length: UInt32 = 0
    if let base = buffer.baseAddress {
        _ = EVP_Digest(base, buffer.count, &out, &length, sha256Method, nil)
    } else {
        var empty: UInt8 = 0
        _ = EVP_Digest(&empty, 0, &out, &length, sha256Method, nil)
    }
    return out
}

/// One-shot SHA-256 of a one-byte prefix followed by a buffer (Merkle leaves and nodes), without
/// copying the buffer.
func prefixedDigest(_ prefix: UInt8, _ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: SHA256.byteCount)
    guard let context = EVP_MD_CTX_new() else {
        var joined = [prefix]
        joined.append(contentsOf: buffer)
        return joined.withUnsafeBytes { oneShotDigest($0) }
    }
    defer { EVP_MD_CTX_free(context) }
    var length: UInt32 = 0
    var first = prefix
    _ = EVP_DigestInit_ex(context, sha256Method, nil)
    _ = EVP_DigestUpdate(context, &first, 1)
    if let base = buffer.baseAddress, !buffer.isEmpty { _ = EVP_DigestUpdate(context, base, buffer.count) }
    _ = EVP_DigestFinal_ex(context, &out, &length)
    return out
}
