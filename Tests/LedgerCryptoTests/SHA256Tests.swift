import LedgerCrypto
import Testing

@Suite struct SHA256Tests {
    @Test func knownAnswers() {
        #expect(Hex.encode(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func streamingMatchesOneShot() throws {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = try SHA256Hasher()
        var i = 0
        while i < data.count {
            let end = min(i + 777, data.count)
            hasher.update(data[i..<end])
            i = end
        }
        #expect(hasher.finalize() == SHA256.hash(data))
    }

    @Test func hexRoundTripAndStrictness() {
        #expect(Hex.decode("00ff7a") == [0x00, 0xFF, 0x7A])
        #expect(Hex.decode("0") == nil)
        #expect(Hex.decode("FF") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(KeyID(hex: String(repeating: "a", count: 63)) == nil)
        #expect(KeyID(hex: String(repeating: "a", count: 64)) != nil)
    }
}
