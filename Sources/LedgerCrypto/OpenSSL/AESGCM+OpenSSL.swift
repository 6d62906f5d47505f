internal import COpenSSL

/// Owns an `EVP_CIPHER_CTX` and frees it (clearing its key schedule) on deinit.
private final class CipherContext {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_CIPHER_CTX_free(pointer) }

    static func make() throws(LedgerCryptoError) -> CipherContext {
        OpenSSLErrorQueue.clear()
        guard let ctx = EVP_CIPHER_CTX_new() else { throw OpenSSLErrorQueue.error("allocate a cipher context") }
        return CipherContext(pointer: ctx)
    }
}

func gcmSeal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], additionalData: [UInt8]) throws(LedgerCryptoError) -> AESGCM.Sealed {
    let context = try CipherContext.make()
    let ctx = context.pointer
    guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
          EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonce.count), nil) == 1,
          EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1
    else { throw OpenSSLErrorQueue.error("start AES-256-GCM encryption") }
    var length: Int32 = 0
    if !additionalData.isEmpty {
        guard EVP_EncryptUpdate(ctx, nil, &length, additionalData, Int32(additionalData.count)) == 1 else {
            throw OpenSSLErrorQueue.error("authenticate AES-256-GCM additional data")
        }
    }
    var out = [UInt8](repeating: 0, count: plaintext.count + AESGCM.tagByteCount)
    var written = 0
    if !plaintext.isEmpty {
        guard EVP_EncryptUpdate(ctx, &out, &length, plaintext, Int32(plaintext.count)) == 1 else {
            throw OpenSSLErrorQueue.error("encrypt with AES-256-GCM")
        }
        written = Int(length)
    }
    let final = out.withUnsafeMutableBufferPointer { buffer in
        EVP_EncryptFinal_ex(ctx, buffer.baseAddress.map { $0 + written }, &length)
    }
    guard final == 1 else { throw OpenSSLErrorQueue.error("finish AES-256-GCM encryption") }
    written += Int(length)
    var tag = [UInt8](repeating: 0, count: AESGCM.tagByteCount)
    guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tag.count), &tag) == 1 else {
        throw OpenSSLErrorQueue.error("read the AES-256-GCM tag")
    }
    return AESGCM.Sealed(ciphertext: Array(out[0..<written]), tag: tag)
}

func gcmOpen(_ sealed: AESGCM.Sealed, key: [UInt8], nonce: [UInt8], additionalData: [UInt8]) throws(LedgerCryptoError) -> [UInt8] {
    let context = try CipherContext.make()
    let ctx = context.pointer
    guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
          EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonce.count), nil) == 1,
          EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1
    else { throw OpenSSLErrorQueue.error("start AES-256-GCM decryption") }
    var length: Int32 = 0
    if !additionalData.isEmpty {
        guard EVP_DecryptUpdate(ctx, nil, &length, additionalData, Int32(additionalData.count)) == 1 else {
            throw OpenSSLErrorQueue.error("authenticate AES-256-GCM additional data")
        }
    }
    var out = [UInt8](repeating: 0, count: sealed.ciphertext.count + AESGCM.tagByteCount)
    var written = 0
    if !sealed.ciphertext.isEmpty {
        guard EVP_DecryptUpdate(ctx, &out, &length, sealed.ciphertext, Int32(sealed.ciphertext.count)) == 1 else {
            throw OpenSSLErrorQueue.error("decrypt with AES-256-GCM")
        }
        written = Int(length)
    }
    var tag = sealed.tag
    guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tag.count), &tag) == 1 else {
        throw OpenSSLErrorQueue.error("set the AES-256-GCM tag")
    }
    let final = out.withUnsafeMutableBufferPointer { buffer in
        EVP_DecryptFinal_ex(ctx, buffer.baseAddress.map { $0 + written }, &length)
    }
    guard final == 1 else {
        OpenSSLErrorQueue.clear()
        // Nothing decrypted leaves: wipe what the update wrote before the tag was refused.
        for index in out.indices { out[index] = 0 }
        throw .authenticationFailed
    }
    written += Int(length)
    return Array(out[0..<written])
}

func randomBytes(_ count: Int) throws(LedgerCryptoError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    guard count > 0 else { return out }
    OpenSSLErrorQueue.clear()
    guard RAND_bytes(&out, Int32(count)) == 1 else { throw OpenSSLErrorQueue.error("draw random bytes") }
    return out
}
