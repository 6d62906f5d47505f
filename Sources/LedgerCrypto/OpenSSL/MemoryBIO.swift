internal import COpenSSL

/// Owns a memory `BIO` and frees it on deinit. For reading, it also owns a copy of the input bytes,
/// which OpenSSL's read-only memory BIO borrows rather than copies.
final class MemoryBIO {
    let pointer: OpaquePointer
    private let storage: UnsafeMutableRawBufferPointer?

    /// An empty BIO to write into.
    init() throws {
        OpenSSLErrorQueue.clear()
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLErrorQueue.error("allocate a memory BIO") }
        pointer = bio
        storage = nil
    }

    /// A BIO that reads `bytes`.
    init(reading bytes: [UInt8]) throws {
        OpenSSLErrorQueue.clear()
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        copy.copyBytes(from: bytes)
        guard let bio = BIO_new_mem_buf(copy.baseAddress, Int32(bytes.count)) else {
            copy.deallocate()
            throw OpenSSLErrorQueue.error("allocate a memory BIO")
        }
        pointer = bio
        storage = copy
    }

    deinit {
        BIO_free(pointer)
        storage?.deallocate()
    }

    /// Everything written so far.
    func contents() -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>? = nil
        let length = tl_bio_get_mem_data(pointer, &data)
        guard let data, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }
}
