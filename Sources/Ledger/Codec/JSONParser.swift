import LedgerCrypto

/// A strict JSON parser (RFC 8259) for ledger entries and user input.
///
/// Beyond the grammar it refuses what the ledger format forbids: floating-point numbers, integers
/// outside ±(2^53−1), duplicate member names, invalid UTF-8, lone surrogate escapes, and nesting
/// deeper than `maxDepth`. Every error carries the byte offset of the offending byte.
public struct JSONParser {
    /// Nesting limit for arrays and objects.
    public static let defaultMaxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private let maxDepth: Int
    private let recordOffsets: Bool
    private var index = 0
    /// Offsets of the values of the top-level object's members, when the top level is an object.
    private(set) var topLevelOffsets: [String: Int] = [:]
    /// The first byte at which the input departs from RFC 8785 canonical form, if it does: whitespace,
    /// an escape the canonical form does not use, `-0`, or a member name out of UTF-16 order.
    private(set) var firstNonCanonical: Int?

    private init(bytes: UnsafeRawBufferPointer, maxDepth: Int, recordOffsets: Bool) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.recordOffsets = recordOffsets
    }

    /// Parses one complete JSON text; whitespace around it is allowed.
    public static func parse(_ input: some RawBytes, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parseRecordingOffsets(input, maxDepth: maxDepth).value
    }

    /// Parses, and also returns the byte offset at which each top-level member's value starts.
    public static func parseRecordingOffsets(
        _ input: some RawBytes, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> (value: JSONValue, memberOffsets: [String: Int]) {
        let parsed = try run(input, maxDepth: maxDepth, recordOffsets: true)
        return (parsed.value, parsed.offsets)
    }

    /// Parses, and also says whether the input is already in RFC 8785 canonical form: nil when it
    /// is, otherwise the offset of the first construct that is not (the exact first byte at which
    /// the canonical serialisation differs may come earlier, e.g. for a member out of order). One
    /// pass, with no re-serialisation, for the verifier's hot path.
    public static func parseCheckingCanonical(
        _ input: some RawBytes, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> (value: JSONValue, nonCanonicalAt: Int?) {
        let parsed = try run(input, maxDepth: maxDepth, recordOffsets: false)
        return (parsed.value, parsed.nonCanonical)
    }

    private static func run(
        _ input: some RawBytes, maxDepth: Int, recordOffsets: Bool
    ) throws(JSONParseError) -> (value: JSONValue, offsets: [String: Int], nonCanonical: Int?) {
        let result: Result<(JSONValue, [String: Int], Int?), JSONParseError> = input.withUnsafeBytes { buffer in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth, recordOffsets: recordOffsets)
            do throws(JSONParseError) {
                parser.skipWhitespace()
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                if parser.index < buffer.count {
                    throw parser.error(.trailingData, "unexpected data after the JSON value")
                }
                return .success((value, parser.topLevelOffsets, parser.firstNonCanonical))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error(.unexpectedEnd, "unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        default: throw error(.unexpectedByte, "unexpected \(describe(bytes[index])), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error(.tooDeep, "nesting deeper than \(maxDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        // Room for a typical entry or body up front: one allocation instead of a resize per doubling.
        var members = [String: JSONValue](minimumCapacity: 8)
        // While names arrive in strictly increasing UTF-16 order (always, in canonical input), none
        // can repeat an earlier one, so the duplicate lookup is needed only once the order breaks.
        var previous: String?
        var ordered = true
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd, "unexpected end of input inside an object") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error(.unexpectedByte, "unexpected \(describe(bytes[index])), expected a member name in quotes")
            }
            let keyOffset = index
            let key = try parseString()
            if ordered, let previous, !JSONParser.utf16Precedes(previous, key) {
                ordered = false
                noteNonCanonical(at: keyOffset)
            }
            if !ordered, members[key] != nil {
                throw JSONParseError(code: .duplicateKey, offset: keyOffset, message: "duplicate member name \"\(key)\"")
            }
            previous = key
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after a member name")
            skipWhitespace()
            if depth == 1, recordOffsets { topLevelOffsets[key] = index }
            members[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd, "unexpected end of input inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error(.unexpectedByte, "unexpected \(describe(bytes[index])), expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error(.tooDeep, "nesting deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd, "unexpected end of input inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error(.unexpectedByte, "unexpected \(describe(bytes[index])), expected ',' or ']'")
        }
    }

    // MARK: Numbers

    private mutating func parseInteger() throws(JSONParseError) -> Int64 {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw error(.unexpectedByte, "a '-' must be followed by digits")
        }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            throw error(.unexpectedByte, "numbers may not have leading zeros")
        }
        var magnitude: Int64 = 0
        while index < bytes.count, isDigit(bytes[index]) {
            let digit = Int64(bytes[index] - UInt8(ascii: "0"))
            if magnitude > (JSONValue.maxSafeInteger - digit) / 10 {
                throw JSONParseError(code: .integerRange, offset: start,
                                     message: "integer outside ±(2^53−1); store larger amounts in a smaller unit or as a string")
            }
            magnitude = magnitude * 10 + digit
            index += 1
        }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw JSONParseError(code: .floatingPoint, offset: start,
                                 message: "floating-point numbers are not allowed; use integers (minor units, basis points, seconds)")
        }
        if negative, magnitude == 0 { noteNonCanonical(at: start) }
        return negative ? -magnitude : magnitude
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, so the string is the bytes between the quotes, checked in place.
        while true {
            guard index < bytes.count else { throw error(.unexpectedEnd, "unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            case UInt8(ascii: "\\"):
                var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                return try parseEscapedRest(into: &out)
            case 0x00..<0x20:
                throw error(.controlCharacter, "control character \(describe(byte)) in a string must be escaped")
            case 0x20..<0x80:
                index += 1
            default:
                index += try validUTF8SequenceLength()
            }
        }
    }

    /// The rest of a string once it holds an escape: decoded byte by byte into `out`.
    private mutating func parseEscapedRest(into out: inout [UInt8]) throws(JSONParseError) -> String {
        while true {
            guard index < bytes.count else { throw error(.unexpectedEnd, "unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            case 0x00..<0x20:
                throw error(.controlCharacter, "control character \(describe(byte)) in a string must be escaped")
            case 0x20..<0x80:
                out.append(byte)
                index += 1
            default:
                let length = try validUTF8SequenceLength()
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + length)]))
                index += length
            }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(JSONParseError) {
        let start = index
        index += 1
        guard index < bytes.count else { throw error(.unexpectedEnd, "unterminated escape") }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F); noteNonCanonical(at: start)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            // RFC 8785 writes \u00xx (lowercase hex) only for the control characters without a short form.
            let canonicalForm = start + 6 <= bytes.count && bytes[start + 2] == UInt8(ascii: "0")
                && bytes[start + 3] == UInt8(ascii: "0") && (bytes[start + 4] == UInt8(ascii: "0") || bytes[start + 4] == UInt8(ascii: "1"))
                && (isDigit(bytes[start + 5]) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(bytes[start + 5]))
            var scalar = try readHex4()
            if !canonicalForm || [0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) { noteNonCanonical(at: start) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(code: .loneSurrogate, offset: start, message: "lone high surrogate escape")
                }
                index += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(code: .loneSurrogate, offset: start, message: "high surrogate not followed by a low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONParseError(code: .loneSurrogate, offset: start, message: "lone low surrogate escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw JSONParseError(code: .badEscape, offset: start, message: "escape is not a Unicode scalar")
            }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw JSONParseError(code: .badEscape, offset: start, message: "unknown escape \\\(describe(c))")
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error(.unexpectedEnd, "incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error(.badEscape, "\\u must be followed by four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Validates the multi-byte UTF-8 sequence at `index` (no overlongs, no surrogates, at most
    /// U+10FFFF) and returns its length.
    private func validUTF8SequenceLength() throws(JSONParseError) -> Int {
        let lead = bytes[index]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default: throw error(.invalidUTF8, "invalid UTF-8 lead byte \(describe(lead))")
        }
        guard index + length <= bytes.count else { throw error(.invalidUTF8, "truncated UTF-8 sequence") }
        let second = bytes[index + 1]
        guard second >= lowerBound, second <= upperBound else {
            throw JSONParseError(code: .invalidUTF8, offset: index + 1, message: "invalid UTF-8 continuation byte \(describe(second))")
        }
        for k in 2..<length where bytes[index + k] & 0xC0 != 0x80 {
            throw JSONParseError(code: .invalidUTF8, offset: index + k, message: "invalid UTF-8 continuation byte \(describe(bytes[index + k]))")
        }
        return length
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                noteNonCanonical(at: index)
                index += 1
            default: return
            }
        }
    }

    private mutating func noteNonCanonical(at offset: Int) {
        if firstNonCanonical == nil { firstNonCanonical = offset }
    }

    /// RFC 8785 member order: whether `a` sorts before `b` by UTF-16 code units. Where the first
    /// differing bytes are both ASCII the UTF-8 bytes decide (the same answer, much cheaper);
    /// otherwise the UTF-16 views do, since UTF-8 order differs for characters above U+FFFF.
    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _?): return true
            case (_?, nil): return false
            case let (x?, y?) where x == y: continue
            case let (x?, y?) where x < 0x80 && y < 0x80: return x < y
            default: return a.utf16.lexicographicallyPrecedes(b.utf16)
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(JSONParseError) {
        guard index < bytes.count else { throw error(.unexpectedEnd, message) }
        guard bytes[index] == byte else { throw error(.unexpectedByte, "\(message), found \(describe(bytes[index]))") }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error(.unexpectedEnd, "unexpected end of input in \(literal)") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw error(.unexpectedByte, "expected \(literal)") }
        index += count
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func error(_ code: JSONParseError.Code, _ message: String) -> JSONParseError {
        JSONParseError(code: code, offset: index, message: message)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: false))"
    }
}
