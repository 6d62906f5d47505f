import Ledger
import LedgerCrypto
import Testing

/// Building, signing and chaining is a pure step: the same links whatever stores them.
@Suite struct ChainTests {
    @Test func linksChainFromTheTipAndNeverGoBackInTime() throws {
        let key = try PrivateKey.generate(.ed25519)
        let t0 = try #require(EntryTime(rfc3339: "2026-05-01T10:00:00.000Z"))
        let drafts = (0..<3).map { EntryDraft(type: "note.text", body: ["n": .integer(Int64($0))]) }
        let first = try Chain.extend(after: nil, with: drafts, signedBy: key, at: t0)
        #expect(first.map(\.entry.seq) == [0, 1, 2])
        #expect(first[0].entry.prev == .zero)
        #expect(first[1].entry.prev == first[0].hash && first[2].entry.prev == first[1].hash)
        for link in first {
            #expect(link.hash == Digest.of(link.line))
            #expect(link.line == link.entry.canonicalBytes)
            #expect(link.entry.hasValidSignature(by: key.publicKey))
        }
        // A clock behind the tip is raised to it.
        let earlier = try #require(EntryTime(rfc3339: "2026-04-01T10:00:00.000Z"))
        let next = try Chain.extend(after: first[2].tip, with: [drafts[0]], signedBy: key, at: earlier)
        #expect(next[0].entry.seq == 3 && next[0].entry.time == t0 && next[0].entry.prev == first[2].hash)
    }

    @Test func aRefusedEntryRefusesTheWholeExtension() throws {
        let key = try PrivateKey.generate(.p256)
        let drafts = [EntryDraft(type: "note.text", body: ["ok": true]), EntryDraft(type: "note.text", body: ["bad": true])]
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try Chain.extend(after: nil, with: drafts, signedBy: key, at: .now()) { entry in
                if entry.body["bad"] != nil { throw Refused() }
            }
        }
        #expect(throws: LedgerError.self) {
            try Chain.extend(after: nil, with: [EntryDraft(type: "Bad Type", body: [:])], signedBy: key, at: .now())
        }
        #expect(throws: LedgerError.self) {
            try Chain.extend(after: nil, with: [EntryDraft(type: "note.text", body: [1])], signedBy: key, at: .now())
        }
    }
}
