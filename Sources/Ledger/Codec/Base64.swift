import Foundation

/// Standard base64 (RFC 4648 §4, with padding), decoded strictly: the text must be exactly what
/// encoding the decoded bytes would give, so one value has one spelling.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes canonical padded base64; nil for anything else (whitespace, missing padding, stray bits).
    public static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        let bytes = [UInt8](data)
        guard encode(bytes) == text else { return nil }
        return bytes
    }

    /// base64url (RFC 4648 §5) without padding, as tokens spell their secret.
    public static func urlEncodedUnpadded(_ bytes: [UInt8]) -> String {
        let spelled = encode(bytes).utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "="): return nil
            case UInt8(ascii: "+"): return UInt8(ascii: "-")
            case UInt8(ascii: "/"): return UInt8(ascii: "_")
            default: return byte
            }
        }
        return String(decoding: spelled, as: UTF8.self)
    }
}
