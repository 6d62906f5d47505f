import Ledger

/// A `POST /entries` body split into entry lines: one canonical line per line, a final newline
/// optional, no empty line between, at most `maxBatchEntries`.
enum SignedBatch {
    static func lines(_ body: [UInt8], limits: ServerLimits) throws -> [[UInt8]] {
        var parts = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        guard !parts.isEmpty else {
            throw APIError(code: .serverEmptyBody, message: "the body holds no entry line",
                           remedy: "post one canonical entry line per line (`tierledger append --server URL` builds them)")
        }
        guard parts.count <= limits.maxBatchEntries else {
            throw APIError(code: .serverBatchTooLarge,
                           message: "\(parts.count) entries in one post; the server takes at most \(limits.maxBatchEntries)",
                           remedy: "split the batch into posts of at most \(limits.maxBatchEntries) entries, each built on the head the last one left")
        }
        for (index, part) in parts.enumerated() where part.isEmpty {
            throw APIError(code: .serverEmptyLine, message: "line \(index + 1) of the body is empty",
                           remedy: "post one canonical entry line per line, with no empty lines")
        }
        return parts.map(Array.init)
    }
}
