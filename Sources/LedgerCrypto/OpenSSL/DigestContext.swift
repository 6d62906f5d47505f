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
        guard EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
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

/// One-shot SHA-256 of a buffer.
func oneShotDigest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: SHA256.byteCount)
    var length: UInt32 = 0
    if let base = buffer.baseAddress {
        _ = EVP_Digest(base, buffer.count, &out, &length, EVP_sha256(), nil)
    } else {
        var empty: UInt8 = 0
        _ = EVP_Digest(&empty, 0, &out, &length, EVP_sha256(), nil)
    }
    return out
}
