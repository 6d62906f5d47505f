internal import COpenSSL

/// The one place that reads OpenSSL's per-thread error queue.
enum OpenSSLErrorQueue {
    /// Empties the queue and returns OpenSSL's reason text, oldest first.
    static func drain() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = buffer.withUnsafeBufferPointer { pointer in
                String(decoding: UnsafeRawBufferPointer(pointer).prefix { $0 != 0 }, as: UTF8.self)
            }
            reasons.append(text)
        }
        return reasons.isEmpty ? "no reason given by OpenSSL" : reasons.joined(separator: "; ")
    }

    /// Discards whatever an earlier call left behind.
    static func clear() { ERR_clear_error() }

    /// An error for a failed `operation`, carrying OpenSSL's reason text.
    static func error(_ operation: String) -> LedgerCryptoError {
        .openSSL(operation: operation, reason: drain())
    }
}
