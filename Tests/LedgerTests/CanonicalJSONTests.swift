@testable import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct CanonicalJSONTests {
    struct VectorFile: Decodable {
        struct Case: Decodable {
            let input: String
            let canonical: String
            let canonical_utf8_hex: String
        }
        let cases: [Case]
    }

    @Test func rfc8785Vectors() throws {
        let vectors = try Fixtures.load(VectorFile.self, "rfc8785-jcs.json")
        #expect(vectors.cases.count >= 5)
        for vector in vectors.cases {
            let value = try JSONParser.parse(Array(vector.input.utf8))
            let encoded = CanonicalJSON.encode(value)
            #expect(String(decoding: encoded, as: UTF8.self) == vector.canonical)
            #expect(Hex.encode(encoded) == vector.canonical_utf8_hex)
            // Canonical output parses back to itself.
            #expect(CanonicalJSON.encode(try JSONParser.parse(encoded)) == encoded)
        }
    }

    @Test func membersSortByUTF16CodeUnits() throws {
        // U+1F600 is D83D DE00 in UTF-16, which sorts before U+FB33, though its scalar value is larger.
        let value = try JSONParser.parse(Array("{\"\u{FB33}\":1,\"\u{1F600}\":2}".utf8))
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == "{\"\u{1F600}\":2,\"\u{FB33}\":1}")
    }

    /// Each bad input, the error code and the offset of the byte that is wrong.
    static let rejections: [(String, JSONParseError.Code, Int)] = [
        ("{\"a\":1.0}", .floatingPoint, 5),
        ("{\"a\":1e5}", .floatingPoint, 5),
        ("[-0.5]", .floatingPoint, 1),
        ("[9007199254740992]", .integerRange, 1),
        ("[-9007199254740992]", .integerRange, 1),
        ("{\"a\":1,\"a\":2}", .duplicateKey, 7),
        ("[\"\\ud800\"]", .loneSurrogate, 2),
        ("[\"\\udc00\"]", .loneSurrogate, 2),
        ("[\"\\ud800\\u0041\"]", .loneSurrogate, 2),
        ("[01]", .unexpectedByte, 1),
        ("[1,]", .unexpectedByte, 3),
        ("{\"a\" 1}", .unexpectedByte, 5),
        ("[\"tab\there\"]", .controlCharacter, 5),
        ("[\"\\x\"]", .badEscape, 2),
        ("[1] [2]", .trailingData, 4),
        ("[1", .unexpectedEnd, 2),
        ("\"abc", .unexpectedEnd, 4),
        ("[NaN]", .unexpectedByte, 1),
    ]

    @Test(arguments: rejections)
    func rejectsWithCodeAndOffset(_ input: String, _ code: JSONParseError.Code, _ offset: Int) {
        #expect {
            try JSONParser.parse(Array(input.utf8))
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.code == code && error.offset == offset
        }
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x28, 0x22], 2),         // bad continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], 1),         // overlong lead byte
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),   // a surrogate encoded in UTF-8
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1), // beyond U+10FFFF
        ([0x22, 0xE2, 0x82, 0x22], 3),         // truncated sequence
    ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(_ bytes: [UInt8], _ offset: Int) {
        #expect {
            try JSONParser.parse(bytes)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.code == .invalidUTF8 && error.offset == offset
        }
    }

    @Test func acceptsValidMultibyteUTF8AndBoundaryIntegers() throws {
        let value = try JSONParser.parse(Array("[\"é€😀\",9007199254740991,-9007199254740991]".utf8))
        #expect(value == .array([.string("é€😀"), .integer(9_007_199_254_740_991), .integer(-9_007_199_254_740_991)]))
    }

    @Test func boundsNestingDepth() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(Array(ok.utf8)) }
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect {
            try JSONParser.parse(Array(deep.utf8))
        } throws: { ($0 as? JSONParseError)?.code == .tooDeep }
        // A very deep input fails fast instead of exhausting the stack.
        let bomb = String(repeating: "[", count: 1_000_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(bomb.utf8)) }
    }

    /// Inputs that parse but are not canonical, each with the construct the one-pass check flags.
    static let nonCanonical: [(String, Int)] = [
        (" {\"a\":1}", 0),                 // whitespace before
        ("{\"a\":1} ", 7),                 // and after
        ("{\"a\": 1}", 5),                 // between members
        ("[1,\n2]", 3),
        ("{\"b\":1,\"a\":2}", 7),           // members out of order
        ("[\"a\\/b\"]", 3),                // an escaped solidus
        ("[\"\\u0041\"]", 2),              // an escaped letter
        ("[\"\\u00e9\"]", 2),              // an escaped non-ASCII character
        ("[\"\\u001F\"]", 2),              // uppercase hex
        ("[\"\\u0008\"]", 2),              // \b has a short form
        ("[\"\\u000a\"]", 2),              // so has \n
        ("[-0]", 1),
        ("{\"\u{FB33}\":1,\"\u{1F600}\":2}", 9), // UTF-8 order, not UTF-16 order
    ]

    @Test(arguments: nonCanonical)
    func theOnePassCheckFlagsWhatReencodingChanges(_ input: String, _ offset: Int) throws {
        let bytes = Array(input.utf8)
        let parsed = try JSONParser.parseCheckingCanonical(bytes)
        #expect(parsed.nonCanonicalAt == offset)
        #expect(CanonicalJSON.encode(parsed.value) != bytes)
        #expect(parsed.value == (try JSONParser.parse(bytes)))
    }

    @Test func theOnePassCheckAcceptsExactlyTheCanonicalForm() throws {
        let canonical = [
            "{\"\u{1F600}\":2,\"\u{FB33}\":1}", "[\"\\u001f\\b\\t\\n\\f\\r\\\"\\\\\"]", "[\"\\u0000\u{7F}é€😀\"]",
            "{\"a\":{\"a\":[],\"b\":{}},\"aa\":-1,\"b\":null,\"c\":true,\"d\":false}", "0", "-9007199254740991", "\"\"",
        ]
        for text in canonical {
            let bytes = Array(text.utf8)
            let parsed = try JSONParser.parseCheckingCanonical(bytes)
            #expect(parsed.nonCanonicalAt == nil, "\(text)")
            #expect(CanonicalJSON.encode(parsed.value) == bytes, "\(text)")
        }
        // Every value the encoder writes passes, whatever its member names and strings hold.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let encoded = CanonicalJSON.encode(Self.randomValue(depth: 3, using: &generator))
            #expect(try JSONParser.parseCheckingCanonical(encoded).nonCanonicalAt == nil, "\(String(decoding: encoded, as: UTF8.self))")
        }
    }

    @Test func memberOrderComparesUTF16CodeUnits() {
        let names = ["", "a", "aa", "ab", "b", "Z", "é", "\u{7F}", "\u{FFFF}", "\u{E000}", "\u{FB33}", "\u{10000}", "\u{1F600}", "a\u{1F600}", "a\u{FB33}"]
        for a in names {
            for b in names {
                #expect(JSONParser.utf16Precedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(a) < \(b)")
            }
        }
    }

    static func randomValue(depth: Int, using generator: inout SystemRandomNumberGenerator) -> JSONValue {
        let alphabet: [String] = ["a", "B", "é", "\u{FB33}", "\u{1F600}", "\"", "\\", "\n", "\u{01}", "\u{1F}", "/", "\u{7F}", " "]
        func text() -> String { (0..<Int.random(in: 0...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined() }
        switch Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: -JSONValue.maxSafeInteger...JSONValue.maxSafeInteger, using: &generator))
        case 3: return .integer(Int64.random(in: -10...10, using: &generator))
        case 4: return .string(text())
        case 5: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(depth: depth - 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) { members[text()] = randomValue(depth: depth - 1, using: &generator) }
            return .object(members)
        }
    }
}
