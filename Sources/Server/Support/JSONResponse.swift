import Hummingbird
import Ledger

/// Responses with canonical JSON (RFC 8785) bodies, as the command line's `--json` prints them:
/// one document and a newline.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes = CanonicalJSON.encode(value)
        bytes.append(0x0A)
        return bytesResponse(bytes, contentType: "application/json", status: status)
    }

    /// A response with exactly `bytes`.
    static func bytesResponse(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType, .contentLength: String(bytes.count)],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
