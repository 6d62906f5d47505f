import Ledger
import LedgerCrypto

/// The part of RFC 8941 (Structured Field Values) that HTTP Message Signatures use: a Dictionary
/// whose members are Inner Lists of Strings (`Signature-Input`) or Byte Sequences (`Signature`),
/// each with Parameters of Integers, Strings and Tokens. Parsed strictly from bytes; anything else
/// is refused with the position and what was expected.
enum StructuredFields {
    /// A bare item.
    enum Item: Equatable {
        case integer(Int64)
        case string(String)
        case token(String)
        case bytes([UInt8])
        case boolean(Bool)
    }

    /// A member value: an item or an inner list, with its parameters in order.
    struct Member: Equatable {
        var item: Item?
        var innerList: [Item]?
        var parameters: [(String, Item)]

        static func == (a: Member, b: Member) -> Bool {
            a.item == b.item && a.innerList == b.innerList && a.parameters.map(\.0) == b.parameters.map(\.0)
                && a.parameters.map(\.1) == b.parameters.map(\.1)
        }

        func parameter(_ name: String) -> Item? { parameters.first { $0.0 == name }?.1 }
    }

    struct Failure: CodedError, Equatable {
        let reason: String
        var description: String { reason }
        var errorCode: ErrorCode { .serverBadCredentials }
    }

    /// Parses a Dictionary field value; members keep their order, a repeated key keeps its last value.
    static func dictionary(_ text: String) throws(Failure) -> [(String, Member)] {
        var parser = Parser(Array(text.utf8))
        parser.skipSpaces()
        var members: [(String, Member)] = []
        if parser.atEnd { return members }
        while true {
            let key = try parser.key()
            let member: Member
            if parser.peek == UInt8(ascii: "=") {
                parser.index += 1
                member = try parser.memberValue()
            } else {
                member = Member(item: .boolean(true), innerList: nil, parameters: try parser.parameters())
            }
            members.removeAll { $0.0 == key }
            members.append((key, member))
            parser.skipOWS()
            if parser.atEnd { return members }
            guard parser.peek == UInt8(ascii: ",") else { throw parser.fail("expected ',' between dictionary members") }
            parser.index += 1
            parser.skipOWS()
            if parser.atEnd { throw parser.fail("a trailing ','") }
        }
    }

    /// A String item serialised: `"…"` with `\` before `"` and `\`.
    static func serialize(string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }

    /// An item serialised (booleans and byte sequences included).
    static func serialize(item: Item) -> String {
        switch item {
        case let .integer(value): return String(value)
        case let .string(value): return serialize(string: value)
        case let .token(value): return value
        case let .bytes(value): return ":" + Ledger.Base64.encode(value) + ":"
        case let .boolean(value): return value ? "?1" : "?0"
        }
    }

    /// Parameters serialised: `;name=value`, or `;name` for a true boolean.
    static func serialize(parameters: [(String, Item)]) -> String {
        parameters.map { name, value in value == .boolean(true) ? ";\(name)" : ";\(name)=\(serialize(item: value))" }.joined()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        func fail(_ reason: String) -> Failure { Failure(reason: "\(reason) at byte \(index)") }

        mutating func skipSpaces() { while peek == 0x20 { index += 1 } }
        mutating func skipOWS() { while peek == 0x20 || peek == 0x09 { index += 1 } }

        static func isLCAlpha(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) }
        static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

        mutating func key() throws(Failure) -> String {
            guard let first = peek, Parser.isLCAlpha(first) || first == UInt8(ascii: "*") else { throw fail("expected a key (lowercase letter or '*')") }
            let start = index
            while let b = peek, Parser.isLCAlpha(b) || Parser.isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "*") {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func memberValue() throws(Failure) -> Member {
            if peek == UInt8(ascii: "(") {
                index += 1
                var items: [Item] = []
                while true {
                    skipSpaces()
                    if peek == UInt8(ascii: ")") {
                        index += 1
                        return Member(item: nil, innerList: items, parameters: try parameters())
                    }
                    let item = try bareItem()
                    // Parameters on inner-list items (component parameters such as ;sf) are not supported.
                    if peek == UInt8(ascii: ";") { throw fail("parameters on a covered component are not supported") }
                    items.append(item)
                    guard peek == 0x20 || peek == UInt8(ascii: ")") else { throw fail("expected ' ' or ')' in an inner list") }
                }
            }
            let item = try bareItem()
            return Member(item: item, innerList: nil, parameters: try parameters())
        }

        mutating func parameters() throws(Failure) -> [(String, Item)] {
            var out: [(String, Item)] = []
            while peek == UInt8(ascii: ";") {
                index += 1
                skipSpaces()
                let name = try key()
                var value = Item.boolean(true)
                if peek == UInt8(ascii: "=") {
                    index += 1
                    value = try bareItem()
                }
                out.removeAll { $0.0 == name }
                out.append((name, value))
            }
            return out
        }

        mutating func bareItem() throws(Failure) -> Item {
            guard let first = peek else { throw fail("expected an item, found the end") }
            switch first {
            case UInt8(ascii: "\""):
                index += 1
                var out: [UInt8] = []
                while true {
                    guard let b = peek else { throw fail("a string is not closed") }
                    index += 1
                    if b == UInt8(ascii: "\\") {
                        guard let next = peek, next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") else { throw fail("a bad escape in a string") }
                        out.append(next)
                        index += 1
                    } else if b == UInt8(ascii: "\"") {
                        return .string(String(decoding: out, as: UTF8.self))
                    } else {
                        guard (0x20...0x7E).contains(b) else { throw fail("a string holds a byte outside printable ASCII") }
                        out.append(b)
                    }
                }
            case UInt8(ascii: ":"):
                index += 1
                let start = index
                while let b = peek, b != UInt8(ascii: ":") { index += 1 }
                guard peek == UInt8(ascii: ":") else { throw fail("a byte sequence is not closed with ':'") }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                guard let decoded = Ledger.Base64.decode(text) else { throw fail("a byte sequence is not base64") }
                return .bytes(decoded)
            case UInt8(ascii: "?"):
                index += 1
                guard let b = peek, b == UInt8(ascii: "0") || b == UInt8(ascii: "1") else { throw fail("a boolean is ?0 or ?1") }
                index += 1
                return .boolean(b == UInt8(ascii: "1"))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                if first == UInt8(ascii: "-") { index += 1 }
                let digitsStart = index
                while let b = peek, Parser.isDigit(b) { index += 1 }
                guard index > digitsStart, index - digitsStart <= 15 else { throw fail("an integer has 1 to 15 digits") }
                guard peek != UInt8(ascii: ".") else { throw fail("decimals are not used here") }
                guard let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self)) else { throw fail("not an integer") }
                return .integer(value)
            default:
                guard (0x41...0x5A).contains(first) || Parser.isLCAlpha(first) || first == UInt8(ascii: "*") else {
                    throw fail("expected a string, integer, token, boolean or byte sequence")
                }
                let start = index
                while let b = peek, b > 0x20, b < 0x7F, !"\"(),;<=>?@[\\]{}".utf8.contains(b) {
                    index += 1
                }
                return .token(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }
    }
}
