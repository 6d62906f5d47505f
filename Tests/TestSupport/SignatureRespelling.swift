import LedgerCrypto

/// Other spellings of a valid P-256 signature, made without the key, for tamper tests: each verifies
/// in OpenSSL (or would, read leniently) yet must be refused by `verify`.
public enum SignatureRespelling: String, CaseIterable, Sendable {
    /// (r, n − s): the high-S twin.
    case highS = "high S"
    /// r written with a needless leading zero byte.
    case paddedR = "a needless leading zero on r"
    /// The sequence length in the long form (0x81 len).
    case longFormLength = "a long-form sequence length"
    /// A zero byte after the sequence.
    case trailingByte = "a byte after the sequence"

    /// `der` (a minimal low-S DER signature) spelled this way.
    public func apply(to der: [UInt8]) -> [UInt8] {
        let rLength = Int(der[3])
        let r = Array(der[4..<(4 + rLength)])
        let s = Array(der[(6 + rLength)...])
        func integer(_ bytes: [UInt8]) -> [UInt8] { [0x02, UInt8(bytes.count)] + bytes }
        switch self {
        case .highS:
            let body = integer(r) + integer(Self.minimal(Self.orderMinus(Self.padded(s))))
            return [0x30, UInt8(body.count)] + body
        case .paddedR:
            let body = integer([0] + r) + integer(s)
            return [0x30, UInt8(body.count)] + body
        case .longFormLength:
            return [0x30, 0x81] + der.dropFirst(1)
        case .trailingByte:
            return der + [0]
        }
    }

    static let order: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51]

    static func padded(_ integer: [UInt8]) -> [UInt8] {
        let magnitude = Array(integer.drop { $0 == 0 })
        return [UInt8](repeating: 0, count: 32 - magnitude.count) + magnitude
    }

    /// n − s, 32 bytes big-endian.
    static func orderMinus(_ s: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for i in (0..<32).reversed() {
            let value = Int(order[i]) - Int(s[i]) - borrow
            borrow = value < 0 ? 1 : 0
            out[i] = UInt8((value + 256) % 256)
        }
        return out
    }

    /// A positive DER INTEGER's content bytes.
    static func minimal(_ value: [UInt8]) -> [UInt8] {
        let bytes = Array(value.drop { $0 == 0 })
        return bytes.first.map { $0 & 0x80 != 0 } == true ? [0] + bytes : bytes
    }
}
