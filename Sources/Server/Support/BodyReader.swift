import Hummingbird

/// Reading a request body within the server's limits: at most `maxBodyBytes` (413 beyond) and
/// within `readTimeoutSeconds` (408 beyond), so a slow or huge upload cannot hold the server.
enum BodyReader {
    static func collect(_ request: inout Request, limits: ServerLimits) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limits.maxBodyBytes {
            throw tooLarge(limits)
        }
        let body = request.body
        let timeout = limits.readTimeoutSeconds
        let buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: limits.maxBodyBytes)
                } catch let error as HTTPError where error.status == .contentTooLarge {
                    throw tooLarge(limits)
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw APIError(code: .serverReadTimeout, message: "the request body did not arrive within \(timeout) seconds",
                               remedy: "send the whole body at once; the server closes slow uploads")
            }
            return buffer
        }
        return Array(buffer.readableBytesView)
    }

    static func tooLarge(_ limits: ServerLimits) -> APIError {
        APIError(code: .serverTooLarge, message: "the request body is over the server's limit of \(limits.maxBodyBytes) bytes",
                 remedy: "split the batch into smaller posts")
    }
}
