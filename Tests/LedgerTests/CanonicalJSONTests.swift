import Ledger
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
}
