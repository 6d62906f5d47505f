internal import COpenSSL

/// Owns an `EVP_PKEY` (public, or private with its public half) and frees it on deinit.
///
/// OpenSSL 3 allows concurrent signing and verification with one `EVP_PKEY`, since each operation
/// makes its own context; the key itself is never mutated after construction.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer
    let algorithm: SignatureAlgorithm

    /// Takes ownership of `pointer`; frees it and throws if the key is not Ed25519 or P-256.
    init(takingOwnershipOf pointer: OpaquePointer) throws {
        self.pointer = pointer
        do {
            algorithm = try EVPKey.algorithm(of: pointer)
        } catch {
            EVP_PKEY_free(pointer)
            throw error
        }
    }

    deinit { EVP_PKEY_free(pointer) }

    private static func algorithm(of pointer: OpaquePointer) throws -> SignatureAlgorithm {
        let base = EVP_PKEY_get_base_id(pointer)
        if base == tl_pkey_ed25519() { return .ed25519 }
        if base == tl_pkey_ec() {
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_group_name(pointer, &name, name.count, &length) == 1 else {
                throw LedgerCryptoError.unsupportedAlgorithm("an EC key without a named curve")
            }
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard curve == "prime256v1" || curve == "P-256" || curve == "secp256r1" else {
                throw LedgerCryptoError.unsupportedAlgorithm("EC curve \(curve)")
            }
            return .p256
        }
        let name = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown"
        throw LedgerCryptoError.unsupportedAlgorithm(name)
    }

    // MARK: Generation

    /// The Ed25519 key whose 32-byte private seed is `seed` (RFC 8032 §5.1.5).
    static func ed25519(seed: [UInt8]) throws -> EVPKey {
        OpenSSLErrorQueue.clear()
        guard seed.count == 32 else { throw LedgerCryptoError.malformedKey("an Ed25519 seed is 32 bytes, not \(seed.count)") }
        guard let key = seed.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key(tl_pkey_ed25519(), nil, $0.baseAddress, 32) }) else {
            throw OpenSSLErrorQueue.error("make an Ed25519 key from a seed")
        }
        return try EVPKey(takingOwnershipOf: key)
    }

    static func generate(_ algorithm: SignatureAlgorithm) throws -> EVPKey {
        OpenSSLErrorQueue.clear()
        let typeName = algorithm == .ed25519 ? "ED25519" : "EC"
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else {
            throw OpenSSLErrorQueue.error("create a \(typeName) key context")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1 else { throw OpenSSLErrorQueue.error("start key generation") }
        if algorithm == .p256 {
            guard EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1 else {
                throw OpenSSLErrorQueue.error("select curve P-256")
            }
        }
        var key: OpaquePointer? = nil
        guard EVP_PKEY_generate(ctx, &key) == 1, let key else {
            throw OpenSSLErrorQueue.error("generate a key")
        }
        return try EVPKey(takingOwnershipOf: key)
    }

    // MARK: Encoding

    /// The one DER SubjectPublicKeyInfo this ledger writes for the key, built from the key's value
    /// rather than from whatever encoding it arrived in: Ed25519 as RFC 8410
    /// (`302a300506032b6570032100` then the 32-byte key), P-256 as RFC 5480 with the named curve
    /// and the uncompressed point (`3059301306072a8648ce3d020106082a8648ce3d030107034200` then
    /// `04 || X || Y`). So one key has one key id, whichever encoding (compressed, say) it came in.
    func canonicalSubjectPublicKeyInfo() throws -> [UInt8] {
        switch algorithm {
        case .ed25519:
            return EVPKey.ed25519SPKIPrefix + (try rawEd25519PublicKey())
        case .p256:
            return EVPKey.p256SPKIPrefix + [0x04] + (try coordinate("qx")) + (try coordinate("qy"))
        }
    }

    static let ed25519SPKIPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
    static let p256SPKIPrefix: [UInt8] = [0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                          0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00]

    /// One affine coordinate of a P-256 public point, 32 bytes big-endian.
    private func coordinate(_ name: String) throws -> [UInt8] {
        OpenSSLErrorQueue.clear()
        var number: OpaquePointer? = nil
        guard EVP_PKEY_get_bn_param(pointer, name, &number) == 1, let number else {
            throw OpenSSLErrorQueue.error("read the public point of a P-256 key")
        }
        defer { BN_free(number) }
        var out = [UInt8](repeating: 0, count: 32)
        guard BN_bn2binpad(number, &out, 32) == 32 else { throw OpenSSLErrorQueue.error("encode a P-256 coordinate") }
        return out
    }

    /// The 32 raw public key bytes of an Ed25519 key (RFC 8032), as signed notes use them.
    func rawEd25519PublicKey() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = out.count
        guard algorithm == .ed25519, EVP_PKEY_get_raw_public_key(pointer, &out, &length) == 1, length == 32 else {
            throw LedgerCryptoError.unsupportedAlgorithm("a raw public key needs an Ed25519 key")
        }
        return out
    }

    static func fromSubjectPublicKeyInfo(_ der: [UInt8]) throws -> EVPKey {
        OpenSSLErrorQueue.clear()
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else {
            throw LedgerCryptoError.malformedKey("DER SubjectPublicKeyInfo: \(OpenSSLErrorQueue.drain())")
        }
        return try EVPKey(takingOwnershipOf: key)
    }

    static func fromRawEd25519PublicKey(_ raw: [UInt8]) throws -> EVPKey {
        OpenSSLErrorQueue.clear()
        guard raw.count == 32,
              let key = EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, raw, raw.count)
        else { throw LedgerCryptoError.malformedKey("an Ed25519 public key is 32 bytes") }
        return try EVPKey(takingOwnershipOf: key)
    }

    static func fromPublicPEM(_ pem: [UInt8]) throws -> EVPKey {
        let bio = try MemoryBIO(reading: pem)
        OpenSSLErrorQueue.clear()
        guard let key = PEM_read_bio_PUBKEY(bio.pointer, nil, nil, nil) else {
            throw LedgerCryptoError.malformedKey("PEM public key: \(OpenSSLErrorQueue.drain())")
        }
        return try EVPKey(takingOwnershipOf: key)
    }

    /// Reads a PEM private key (PKCS#8, plain or encrypted, or a traditional EC key).
    /// The caller checks for encryption first, so a nil passphrase never reaches a prompt.
    static func fromPrivatePEM(_ pem: [UInt8], passphrase: Passphrase?, encrypted: Bool) throws -> EVPKey {
        let bio = try MemoryBIO(reading: pem)
        OpenSSLErrorQueue.clear()
        // With a NULL callback OpenSSL treats the user data as a NUL-terminated passphrase; it is never
        // NULL here, so OpenSSL never falls back to prompting on the terminal itself.
        var secret = (passphrase?.bytes ?? []).map { CChar(bitPattern: $0) } + [0]
        defer { for i in secret.indices { secret[i] = 0 } }
        let key = secret.withUnsafeMutableBufferPointer { buffer in
            PEM_read_bio_PrivateKey(bio.pointer, nil, nil, buffer.baseAddress)
        }
        guard let key else {
            let reason = OpenSSLErrorQueue.drain()
            if encrypted { throw LedgerCryptoError.wrongPassphrase }
            throw LedgerCryptoError.malformedKey("PEM private key: \(reason)")
        }
        return try EVPKey(takingOwnershipOf: key)
    }

    func publicPEM() throws -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PUBKEY(bio.pointer, pointer) == 1 else {
            throw OpenSSLErrorQueue.error("write the public key as PEM")
        }
        return String(decoding: bio.contents(), as: UTF8.self)
    }

    /// PKCS#8 PEM of the private key; with a passphrase, encrypted with AES-256-CBC under an scrypt key
    /// (N=2^14, r=8, p=1), the same scheme as `openssl pkcs8 -topk8 -scrypt`.
    func privatePEM(passphrase: Passphrase?) throws -> String {
        let bio = try MemoryBIO()
        OpenSSLErrorQueue.clear()
        guard let passphrase, !passphrase.isEmpty else {
            guard PEM_write_bio_PKCS8PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
                throw OpenSSLErrorQueue.error("write the private key as PEM")
            }
            return String(decoding: bio.contents(), as: UTF8.self)
        }
        guard let info = EVP_PKEY2PKCS8(pointer) else { throw OpenSSLErrorQueue.error("build PKCS#8") }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        guard let algorithm = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nil, 0, nil, 16384, 8, 1) else {
            throw OpenSSLErrorQueue.error("set up scrypt key encryption")
        }
        var secret = passphrase.bytes.map { CChar(bitPattern: $0) }
        defer { for i in secret.indices { secret[i] = 0 } }
        let sealed = secret.withUnsafeBufferPointer { buffer in
            PKCS8_set0_pbe(buffer.baseAddress, Int32(buffer.count), info, algorithm)
        }
        guard let sealed else {
            X509_ALGOR_free(algorithm)
            throw OpenSSLErrorQueue.error("encrypt the private key")
        }
        defer { X509_SIG_free(sealed) }
        guard PEM_write_bio_PKCS8(bio.pointer, sealed) == 1 else {
            throw OpenSSLErrorQueue.error("write the encrypted private key as PEM")
        }
        return String(decoding: bio.contents(), as: UTF8.self)
    }
}
