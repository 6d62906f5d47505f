import Foundation
import Governance
import Ledger
import LedgerCrypto
import Server
import Testing

/// `POST /entries`: entries signed by the client, admitted through the governance rules.
@Suite struct SignedEntryTests {
    @Test func aSignedBatchIsAdmittedAndReceipted() async throws {
        let served = try ServedLedger()
        try await served.start()
        let before = try #require(try served.ledger.head())
        let lines = try served.signedLines([served.note(10), served.note(11), served.note(12)], by: served.ops)
        let reply = try await HTTP.post(served.base + "/entries", body: ServedLedger.body(lines))
        #expect(reply.status == 201)
        let receipt = try JSONParser.parse(reply.body)["entries"]?.arrayValue ?? []
        #expect(receipt.map { $0["seq"]?.integerValue } == [before.seq + 1, before.seq + 2, before.seq + 3])
        #expect(receipt.map { $0["hash"]?.stringValue } == lines.map { Digest.of($0).hex })
        for (i, line) in lines.enumerated() { #expect(try served.ledger.line(at: before.seq + 1 + Int64(i)) == line) }
        let report = try Verifier(authority: GovernanceState()).verify(FileLedger.open(served.ledger.paths.root)).report
        #expect(report.failure == nil)
        await served.stop()
    }

    @Test func aKeyWithoutTheRoleIsForbidden() async throws {
        let served = try ServedLedger()
        try await served.start()
        let count = try served.ledger.count()
        let lines = try served.signedLines([served.note(1)], by: served.dana)
        let reply = try await HTTP.post(served.base + "/entries", body: ServedLedger.body(lines))
        #expect(reply.status == 403)
        #expect(try JSONParser.parse(reply.body)["code"]?.stringValue == "GOV-002")
        #expect(try served.ledger.count() == count)
        await served.stop()
    }

    @Test func entriesOnAnOldHeadAreAConflict() async throws {
        let served = try ServedLedger()
        try await served.start()
        let old = try #require(try served.ledger.head()).tip
        _ = try served.service.record("license.note", ["n": 99], signedBy: served.ops, at: .now())
        let stale = try served.signedLines([served.note(1)], by: served.ops, on: old)
        let reply = try await HTTP.post(served.base + "/entries", body: ServedLedger.body(stale))
        #expect(reply.status == 409)
        let document = try JSONParser.parse(reply.body)
        #expect(document["code"]?.stringValue == "LDG-013")
        #expect(document["remedy"]?.stringValue?.contains("/head") == true)
        await served.stop()
    }

    @Test func twoClientsOnTheSameHeadGetOneSuccessAndOneConflict() async throws {
        let served = try ServedLedger()
        try await served.start()
        let head = try #require(try served.ledger.head())
        let first = ServedLedger.body(try served.signedLines([served.note(1)], by: served.ops))
        let second = ServedLedger.body(try served.signedLines([served.note(2)], by: served.ops))
        let url = served.base + "/entries"
        async let a = HTTP.post(url, body: first)
        async let b = HTTP.post(url, body: second)
        let statuses = try await [a.status, b.status].sorted()
        #expect(statuses == [201, 409])
        #expect(try served.ledger.count() == head.seq + 2)
        let report = try Verifier(authority: GovernanceState()).verify(FileLedger.open(served.ledger.paths.root)).report
        #expect(report.failure == nil)
        await served.stop()
    }

    @Test func badBodiesAreRefusedWithJSONErrors() async throws {
        let served = try ServedLedger()
        try await served.start(limits: ServerLimits(maxBodyBytes: 4_096, maxBatchEntries: 2))
        let url = served.base + "/entries"
        let cases: [([UInt8], Int, String)] = [
            (Array("{\"not\":\"an entry\"}\n".utf8), 422, "LDG-015"),
            ([], 400, "SRV-007"),
            (ServedLedger.body(try served.signedLines([served.note(1), served.note(2), served.note(3)], by: served.ops)), 413, "SRV-006"),
            ([UInt8](repeating: 0x20, count: 5_000), 413, "SRV-005"),
        ]
        for (body, status, code) in cases {
            let reply = try await HTTP.post(url, body: body)
            #expect(reply.status == status)
            #expect(try JSONParser.parse(reply.body)["code"]?.stringValue == code)
        }
        await served.stop()
    }

    @Test func anEntryDatedAheadOfTheServersClockIsUnprocessable() async throws {
        let served = try ServedLedger()
        try await served.start()
        let ahead = try #require(EntryTime(milliseconds: EntryTime.now().milliseconds + 3_600_000))
        let lines = try Chain.extend(after: try served.ledger.head()?.tip, with: [served.note(1)], signedBy: served.ops, at: ahead).map(\.line)
        let reply = try await HTTP.post(served.base + "/entries", body: ServedLedger.body(lines))
        #expect(reply.status == 422)
        #expect(try JSONParser.parse(reply.body)["code"]?.stringValue == "LDG-012")
        await served.stop()
    }
}
