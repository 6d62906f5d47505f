import Foundation
import Ledger
import Testing
import TestSupport

/// Entries decoded ahead on every core come out exactly as line by line: the same entries, the
/// same first error at the same entry and byte, the same torn tail.
@Suite struct ReadAheadTests {
    struct Outcome: Equatable {
        var seqs: [Int64] = []
        var hashes: [String] = []
        var error: String?
        var tail: [Int] = []
    }

    static func read(_ ledger: FileLedger, from seq: Int64 = 0, readAhead: Int, stopAfter: Int? = nil) throws -> Outcome {
        var entries = try ledger.entries(from: seq, strict: false, readAhead: readAhead)
        var outcome = Outcome()
        while let stored = entries.next() {
            outcome.seqs.append(stored.entry.seq)
            outcome.hashes.append(stored.hash.hex)
            if let stopAfter, outcome.seqs.count == stopAfter { return outcome }
        }
        outcome.error = entries.error.map { "\($0)" }
        outcome.tail = entries.incompleteTail.map { [$0.offset, $0.length] } ?? []
        return outcome
    }

    @Test func sameEntriesWhateverTheBatchSize() throws {
        let fixture = try LedgerFixture(notes: 100)
        let expected = try Self.read(fixture.ledger, readAhead: 0)
        #expect(expected.seqs == Array(0...101))
        for size in [1, 2, 7, 32, 33, 101, 102, 512] {
            #expect(try Self.read(fixture.ledger, readAhead: size) == expected, "read ahead \(size)")
            #expect(try Self.read(fixture.ledger, from: 40, readAhead: size) == Self.read(fixture.ledger, from: 40, readAhead: 0))
        }
        // A reader that stops early leaves nothing running behind it.
        #expect(try Self.read(fixture.ledger, readAhead: 7, stopAfter: 10).seqs == Array(0...9))
    }

    @Test func theFirstDamagedLineStopsAtTheSameEntry() throws {
        let fixture = try LedgerFixture(notes: 100)
        var lines = try fixture.lines()
        lines[57] = Array("{\"seq\":57,\"not\":\"an entry\"}".utf8)
        lines[80] = Array("garbage".utf8)
        try fixture.write(lines: lines)
        let expected = try Self.read(fixture.ledger, readAhead: 0)
        #expect(expected.seqs == Array(0...56))
        #expect(expected.error != nil)
        for size in [1, 5, 32, 57, 58, 512] {
            #expect(try Self.read(fixture.ledger, readAhead: size) == expected, "read ahead \(size)")
        }
    }

    @Test func aTornTailIsReportedAfterTheLastEntry() throws {
        let fixture = try LedgerFixture(notes: 40)
        let handle = try #require(FileHandle(forWritingAtPath: fixture.entriesPath))
        handle.seekToEndOfFile()
        handle.write(Data("{\"body\":{\"half".utf8))
        try handle.close()
        let expected = try Self.read(fixture.ledger, readAhead: 0)
        #expect(expected.tail.count == 2)
        #expect(expected.seqs.count == 42)
        for size in [1, 6, 41, 42, 43, 512] {
            #expect(try Self.read(fixture.ledger, readAhead: size) == expected, "read ahead \(size)")
        }
    }
}
