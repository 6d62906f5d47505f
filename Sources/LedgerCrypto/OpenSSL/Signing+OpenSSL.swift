internal import COpenSSL

/// Owns an `EVP_MD_CTX` used for one sign or verify operation.
private final class SignatureContext {
    let pointer: OpaquePointer

    init() throws {
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLErrorQueue.error("allocate a signature context") }
        pointer = ctx
    }

    deinit { EVP_MD_CTX_free(pointer) }
}

extension EVPKey {
    /// The digest name OpenSSL needs: none for pure Ed25519, SHA-256 for ECDSA P-256.
    private var digestName: String? { algorithm == .ed25519 ? nil : "SHA256" }

    func sign(_ message: UnsafeRawBufferPointer) throws -> [UInt8] {
        OpenSSLErrorQueue.clear()
        let context = try SignatureContext()
        let initialised = withOptionalCString(digestName) { md in
            EVP_DigestSignInit_ex(context.pointer, nil, md, nil, nil, pointer, nil)
        }
        guard initialised == 1 else { throw LedgerCryptoError.signingFailed(OpenSSLErrorQueue.drain()) }
        var empty: UInt8 = 0
        let base = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
        return try withUnsafeMutablePointer(to: &empty) { fallback in
            let data = base ?? UnsafePointer(fallback)
            var length = 0
            guard EVP_DigestSign(context.pointer, nil, &length, data, message.count) == 1 else {
                throw LedgerCryptoError.signingFailed(OpenSSLErrorQueue.drain())
            }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context.pointer, &signature, &length, data, message.count) == 1 else {
                throw LedgerCryptoError.signingFailed(OpenSSLErrorQueue.drain())
            }
            let der = Array(signature.prefix(length))
            guard algorithm == .p256 else { return der }
            // One spelling per signature: low S, minimal DER (ECDSASignature).
            guard let canonical = ECDSASignature.normalising(der) else {
                throw LedgerCryptoError.signingFailed("OpenSSL returned an ECDSA signature that is not DER")
            }
            return canonical
        }
    }

    /// True only when OpenSSL accepts the signature; malformed signatures are simply invalid.
    func verify(_ signature: [UInt8], message: UnsafeRawBufferPointer) -> Bool {
        defer { OpenSSLErrorQueue.clear() }
        guard let context = try? SignatureContext() else { return false }
        let initialised = withOptionalCString(digestName) { md in
            EVP_DigestVerifyInit_ex(context.pointer, nil, md, nil, nil, pointer, nil)
        }
        guard initialised == 1 else { return false }
        var empty: UInt8 = 0
        let base = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
        return withUnsafeMutablePointer(to: &empty) { fallback in
            let data = base ?? UnsafePointer(fallback)
            return EVP_DigestVerify(context.pointer, signature, signature.count, data, message.count) == 1
        }
    }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
