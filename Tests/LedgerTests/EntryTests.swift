import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct EntryTests {
    func sample(_ key: PrivateKey) throws -> Entry {
        try Entry.signed(seq: 3, time: EntryTime(rfc3339: "2026-03-01T12:00:00.123Z")!, prev: Digest.of(Array("x".utf8)),
                         type: "note.text", body: ["text": "héllo \"world\"", "n": 42], by: key)
    }

    @Test func canonicalBytesRoundTrip() throws {
        let key = try PrivateKey.generate(.ed25519)
        let entry = try sample(key)
        let line = entry.canonicalBytes
        let decoded = try EntryDecoder.decode(line)
        #expect(decoded == entry)
        #expect(decoded.hasValidSignature(by: key.publicKey))
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("{\"body\":{\"n\":42,\"text\":\"héllo \\\"world\\\"\"},\"prev\":\""))
        #expect(text.contains(",\"seq\":3,\"sig\":\""))
        #expect(text.hasSuffix("\"time\":\"2026-03-01T12:00:00.123Z\",\"type\":\"note.text\"}"))
    }

    @Test func theSignedMessageCutFromTheLineIsTheEncodedOne() throws {
        let key = try PrivateKey.generate(.ed25519)
        let bodies: [JSONValue] = [[:], ["sig": "not the signature", "nested": ["sig": "deeper", "x": [1, 2]]], ["text": "a \",\"sig\":\" b"],
                                   ["unicode": "caf\u{E9} \u{1F600}", "n": -5]]
        for (i, body) in bodies.enumerated() {
            let entry = try Entry.signed(seq: Int64(i), time: EntryTime(rfc3339: "2026-03-01T12:00:00.123Z")!, prev: .zero, type: "note.text",
                                         body: body, by: key)
            #expect(Entry.signedMessage(cutFrom: entry.canonicalBytes) == entry.signedMessage, "\(body)")
        }
        #expect(Entry.signedMessage(cutFrom: Array("{\"body\":{}}".utf8)) == nil)
    }

    @Test func signedMessageIsContextPlusEntryWithoutSig() throws {
        let entry = try sample(PrivateKey.generate(.ed25519))
        let message = String(decoding: entry.signedMessage, as: UTF8.self)
        #expect(message.hasPrefix("tierledger/entry/v1\n{\"body\":"))
        #expect(!message.contains("\"sig\""))
        // The same bytes as cutting the sig member out of the stored line.
        let line = String(decoding: entry.canonicalBytes, as: UTF8.self)
        let sig = "\"sig\":\"\(Base64.encode(entry.signature))\","
        #expect("tierledger/entry/v1\n" + line.replacingOccurrences(of: sig, with: "") == message)
    }

    @Test func decoderRefusesNonCanonicalAndMalformedLines() throws {
        let line = String(decoding: try sample(PrivateKey.generate(.ed25519)).canonicalBytes, as: UTF8.self)
        func code(_ text: String) -> (EntryDecodeError.Code, Int)? {
            do {
                _ = try EntryDecoder.decode(Array(text.utf8))
                return nil
            } catch {
                return (error.code, error.offset)
            }
        }
        // A space after the first colon: the first differing byte is at offset 8.
        let spaced = line.replacingOccurrences(of: "{\"body\":{", with: "{\"body\": {")
        #expect(code(spaced)?.0 == .notCanonical)
        #expect(code(spaced)?.1 == 8)
        // Replays that trust the file skip only the canonical-form check, not the decoding.
        #expect(try EntryDecoder.decode(Array(spaced.utf8), canonical: false).seq == 3)
        #expect(throws: EntryDecodeError.self) { try EntryDecoder.decode(Array(spaced.replacingOccurrences(of: "\"seq\":3", with: "\"seq\":-3").utf8), canonical: false) }
        // Members out of order.
        #expect(code("{\"seq\":1,\"body\":{}}")?.0 == .notCanonical)
        // An escape where the canonical form writes the character itself.
        #expect(code(line.replacingOccurrences(of: "héllo", with: "h\\u00e9llo"))?.0 == .notCanonical)
        #expect(code("{\"a\":1.5}")?.0 == .malformed)
        #expect(code("[]")?.0 == .badField)
        #expect(code(line.replacingOccurrences(of: "\"type\":\"note.text\"", with: "\"type\":\"Note\""))?.0 == .badField)
        #expect(code(line.replacingOccurrences(of: "{\"body\":{", with: "{\"body\":{},\"extra\":{"))?.0 != nil)
        let huge = "{\"body\":{\"x\":\"" + String(repeating: "a", count: EntryLimits.maxEntryBytes) + "\"}}"
        #expect(code(huge)?.0 == .tooLarge)
    }

    @Test func entryTypeNames() {
        for good in ["ledger.init", "key.enroll", "change.propose", "a", "usage-snapshot.v2"] { #expect(EntryType.isValid(good)) }
        for bad in ["", "Key", "1abc", "a..b", "a.", "a b", "a_b", String(repeating: "a", count: 65)] { #expect(!EntryType.isValid(bad)) }
    }
}

@Suite struct EntryTimeTests {
    @Test func roundTripsAndOrders() {
        for text in ["1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "2026-11-25T09:30:00.250Z", "9999-12-31T23:59:59.999Z"] {
            #expect(EntryTime(rfc3339: text)?.rfc3339 == text)
        }
        #expect(EntryTime(rfc3339: "2026-01-01T00:00:00.000Z")!.milliseconds == 1_767_225_600_000)
        #expect(EntryTime(rfc3339: "2026-01-01T00:00:00.001Z")! > EntryTime(rfc3339: "2025-12-31T23:59:59.999Z")!)
    }

    @Test(arguments: ["2026-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-01-01T24:00:00.000Z",
                      "2026-01-01T00:00:60.000Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000+00:00",
                      "2026-01-01 00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2026-04-31T00:00:00.000Z"])
    func refusesOtherForms(_ text: String) {
        #expect(EntryTime(rfc3339: text) == nil)
    }
}
