import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing

/// The public read endpoints answer with what the ledger holds, byte for byte.
@Suite struct TransparencyTests {
    @Test func checkpointIsTheStoredNoteByteForByte() async throws {
        let served = try ServedLedger()
        try await served.start()
        let none = try await HTTP.get(served.base + "/checkpoint")
        #expect(none.status == 404)
        let made = try served.ledger.makeCheckpoint(logKey: served.admin, authority: GovernanceState())
        let reply = try await HTTP.get(served.base + "/checkpoint")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(reply.body == Array(made.note.serialized.utf8))
        await served.stop()
    }

    @Test func headNamesTheLastEntry() async throws {
        let served = try ServedLedger()
        try await served.start()
        let reply = try await HTTP.get(served.base + "/head")
        let head = try #require(try served.ledger.head())
        let document = try JSONParser.parse(reply.body)
        #expect(document["size"]?.integerValue == head.seq + 1)
        #expect(document["seq"]?.integerValue == head.seq)
        #expect(document["hash"]?.stringValue == head.hash.hex)
        #expect(document["time"]?.stringValue == head.time.rfc3339)
        #expect(document["origin"]?.stringValue == "example.com/served")
        await served.stop()
    }

    @Test func entriesComeInPagesWithTheExactLines() async throws {
        let served = try ServedLedger(notes: 5)   // entries 0-7
        try await served.start()
        // Entry lines name customers: without credentials, no page; staff read them.
        let anonymous = try await HTTP.get(served.base + "/entries?from=1&limit=3")
        #expect(anonymous.status == 401)
        #expect(try JSONParser.parse(anonymous.body)["code"]?.stringValue == "SRV-020")
        let first = try JSONParser.parse(try await served.staffGet("/entries?from=1&limit=3", as: served.ops).body)
        let entries = try #require(first["entries"]?.arrayValue)
        #expect(entries.count == 3)
        for (i, item) in entries.enumerated() {
            let seq = Int64(i + 1)
            #expect(item["seq"]?.integerValue == seq)
            #expect(Array((item["line"]?.stringValue ?? "").utf8) == (try served.ledger.line(at: seq)))
            #expect(item["hash"]?.stringValue == Digest.of(try served.ledger.line(at: seq)).hex)
        }
        #expect(first["next_from"]?.integerValue == 4)
        let notes = try JSONParser.parse(try await served.staffGet("/entries?type=license.note&limit=100", as: served.ops).body)
        #expect(notes["entries"]?.arrayValue?.map { $0["seq"]?.integerValue } == [3, 4, 5, 6, 7])
        #expect(notes["next_from"] == nil)
        let tooBig = try await served.staffGet("/entries?limit=100000", as: served.ops)
        #expect(tooBig.status == 400)
        #expect(try JSONParser.parse(tooBig.body)["code"]?.stringValue == "SRV-001")
        await served.stop()
    }

    @Test func proofsHaveTheShapeOfTheCommandLines() async throws {
        let served = try ServedLedger(notes: 4)   // entries 0-6
        try await served.start()
        let inclusion = try await HTTP.get(served.base + "/proof/inclusion?seq=3&size=6")
        #expect(inclusion.status == 200)
        let expected = try served.ledger.checkedInclusionProof(seq: 3, size: 6).proof
        #expect(inclusion.body == CanonicalJSON.encode(expected.json) + [0x0A])
        try InclusionProof(json: try JSONParser.parse(inclusion.body)).verify(leaf: try served.ledger.line(at: 3))
        let consistency = try await HTTP.get(served.base + "/proof/consistency?first=3&second=7")
        let proof = try ConsistencyProof(json: try JSONParser.parse(consistency.body))
        try proof.verify()
        #expect(proof.firstSize == 3 && proof.secondSize == 7)
        let missing = try await HTTP.get(served.base + "/proof/inclusion")
        #expect(missing.status == 400)
        // A tree larger than the log, or an entry past the tree, is not there (yet): 404, not a refusal of the request's form.
        #expect(try await HTTP.get(served.base + "/proof/inclusion?seq=99").status == 404)
        #expect(try await HTTP.get(served.base + "/proof/inclusion?seq=1&size=99").status == 404)
        #expect(try await HTTP.get(served.base + "/proof/consistency?first=3&second=99").status == 404)
        #expect(try await HTTP.get(served.base + "/proof/consistency?first=5&second=3").status == 422)
        await served.stop()
    }

    @Test func aLedgerWithoutItsNodeCacheGetsOneOnceReady() async throws {
        let served = try ServedLedger(notes: 40)
        try FileManager.default.removeItem(atPath: served.ledger.paths.merkle)
        try await served.start()
        try await served.waitUntilReady()
        // Readiness comes after the replay; the cache follows it on the same pool.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: served.ledger.paths.merkle + "/level-00.bin") {
            try await Task.sleep(for: .milliseconds(50))
        }
        let leaves = try #require(FileManager.default.attributesOfItem(atPath: served.ledger.paths.merkle + "/level-00.bin")[.size] as? Int)
        #expect(leaves == 32 * Int(try served.ledger.count()))
        #expect(try await HTTP.get(served.base + "/proof/inclusion?seq=3").status == 200)
        await served.stop()
    }
}
