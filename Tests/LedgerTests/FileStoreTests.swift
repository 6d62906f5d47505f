import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct FileStoreTests {
    @Test func createWritesConfigAndGenesis() throws {
        let fixture = try LedgerFixture(notes: 2)
        let reopened = try FileLedger.open(fixture.path)
        #expect(reopened.config.origin == "example.com/test-ledger")
        #expect(reopened.config.logKey == fixture.admin.publicKey)
        #expect(try reopened.count() == 4)
        let genesis = try reopened.entry(at: 0).entry
        #expect(genesis.type == EntryType.genesis)
        #expect(genesis.prev == .zero)
        #expect(try reopened.entry(at: 3).entry.prev == (try reopened.entry(at: 2).hash))
        let config = try String(contentsOfFile: reopened.paths.config, encoding: .utf8)
        #expect(config.hasPrefix("{\"format\":1,\"log_key\":{\"algorithm\":\"ed25519\""))
    }

    @Test func refusesToCreateOverSomethingOrOpenNothing() throws {
        let fixture = try LedgerFixture(notes: 0)
        #expect {
            try FileLedger.create(at: fixture.path, origin: "x.example/y", admin: fixture.admin, logKey: fixture.admin.publicKey)
        } throws: { error in
            guard case LedgerError.alreadyExists = error else { return false }
            return true
        }
        #expect {
            try FileLedger.open(fixture.directory.file("nowhere"))
        } throws: { error in
            guard case LedgerError.notALedger = error else { return false }
            return true
        }
        #expect(throws: LedgerError.self) {
            try FileLedger.create(at: fixture.directory.file("bad"), origin: "has space", admin: fixture.admin,
                                  logKey: fixture.admin.publicKey)
        }
    }

    @Test func unenrolledSignerIsRefusedAndNothingIsWritten() throws {
        let fixture = try LedgerFixture(notes: 1)
        let before = try fixture.lines()
        let stranger = try PrivateKey.generate(.ed25519)
        #expect {
            try fixture.ledger.append([EntryDraft(type: "note.text", body: ["text": "hi"])], signedBy: stranger, authority: KeyRegistry())
        } throws: { error in
            guard case let LedgerError.rejected(reason, _) = error else { return false }
            return reason.contains("not enrolled")
        }
        #expect(try fixture.lines() == before)
    }

    @Test func aBatchIsAllOrNothing() throws {
        let fixture = try LedgerFixture(notes: 1)
        let before = try fixture.lines()
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try fixture.ledger.withWriter(.noWait) { writer in
                try writer.append((0..<5).map { EntryDraft(type: "note.text", body: ["n": .integer(Int64($0))]) },
                                  signedBy: fixture.admin) { entry in
                    if entry.seq == 5 { throw Refused() }
                }
            }
        }
        #expect(try fixture.lines() == before)
        // A batch that passes lands whole, in one piece.
        let written = try fixture.ledger.withWriter(.noWait) { writer in
            try writer.append((0..<5).map { EntryDraft(type: "note.text", body: ["n": .integer(Int64($0))]) }, signedBy: fixture.admin)
        }
        #expect(written.map(\.entry.seq) == [3, 4, 5, 6, 7])
        #expect(try fixture.verify().isIntact)
    }

    @Test func timeNeverGoesBackwardsOnAppend() throws {
        let fixture = try LedgerFixture(notes: 2)
        let head = try #require(try fixture.ledger.head())
        let written = try fixture.ledger.append([EntryDraft(type: "note.text", body: [:])], signedBy: fixture.admin,
                                                authority: KeyRegistry(), at: fixture.at(-100))
        #expect(written.entries.first?.entry.time == head.time)
        #expect(try fixture.verify().isIntact)
    }

    @Test func tornTailIsQuarantinedAndTheChainContinues() throws {
        let fixture = try LedgerFixture(notes: 2)
        let torn: [UInt8] = Array("{\"body\":{\"text\":\"half a wri".utf8)
        let handle = try #require(FileHandle(forWritingAtPath: fixture.entriesPath))
        handle.seekToEndOfFile()
        handle.write(Data(torn))
        try handle.close()

        let report = try fixture.verify()
        #expect(report.failure?.code == .incomplete)
        #expect(report.failure?.seq == 4)
        #expect(try fixture.ledger.pendingTail()?.length == torn.count)

        let recovered = try #require(try fixture.ledger.recover())
        #expect(recovered.length == torn.count)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: recovered.quarantinePath))) == torn)
        #expect(try fixture.ledger.pendingTail() == nil)
        #expect(try fixture.verify().isIntact)
        try fixture.appendNote(9)
        #expect(try fixture.verify().verifiedEntries == 5)
        #expect(try fixture.ledger.recover() == nil)
    }

    @Test func anAppendQuarantinesATornTailFirst() throws {
        let fixture = try LedgerFixture(notes: 1)
        let handle = try #require(FileHandle(forWritingAtPath: fixture.entriesPath))
        handle.seekToEndOfFile()
        handle.write(Data("{\"bo".utf8))
        try handle.close()
        let result = try fixture.ledger.append([EntryDraft(type: "note.text", body: [:])], signedBy: fixture.admin, authority: KeyRegistry())
        #expect(result.recoveredTail?.length == 4)
        #expect(try fixture.verify().isIntact)
    }

    @Test func offsetIndexIsRebuiltWhenMissingStaleOrLying() throws {
        let fixture = try LedgerFixture(notes: 8)
        let ledger = fixture.ledger
        let indexPath = ledger.paths.offsetIndex
        let expected = try fixture.lines().map { Digest.of($0) }

        try FileManager.default.removeItem(atPath: indexPath)
        #expect(try FileLedger.open(fixture.path).entry(at: 7).hash == expected[7])
        #expect(FileManager.default.fileExists(atPath: indexPath))

        // Stale: only the first three records.
        let full = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        try full.prefix(8 + 3 * 8).write(to: URL(fileURLWithPath: indexPath))
        #expect(try FileLedger.open(fixture.path).entry(at: 9).hash == expected[9])

        // Lying: every record points at entry 1.
        var lying = [UInt8](full.prefix(8))
        let wrong = UInt64(try FileLedger.open(fixture.path).entry(at: 1).offset)
        for _ in 0..<10 { for k in 0..<8 { lying.append(UInt8(truncatingIfNeeded: wrong >> (8 * UInt64(k)))) } }
        try Data(lying).write(to: URL(fileURLWithPath: indexPath))
        let reopened = try FileLedger.open(fixture.path)
        for seq in [0, 5, 9] { #expect(try reopened.entry(at: Int64(seq)).hash == expected[seq]) }

        // Garbage.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: indexPath))
        #expect(try FileLedger.open(fixture.path).entry(at: 6).hash == expected[6])

        #expect {
            try reopened.entry(at: 10)
        } throws: { error in
            guard case LedgerError.noSuchEntry(10, 10) = error else { return false }
            return true
        }
        var fromSix = try reopened.entries(from: 6)
        var seen: [Int64] = []
        while let stored = try fromSix.nextOrThrow() { seen.append(stored.entry.seq) }
        #expect(seen == [6, 7, 8, 9])
    }

    @Test func secondWriterIsToldWhoHoldsTheLock() throws {
        let fixture = try LedgerFixture(notes: 0)
        try fixture.ledger.withWriter(.noWait) { _ in
            let other = try FileLedger.open(fixture.path)
            #expect {
                try other.withWriter(.noWait) { _ in }
            } throws: { error in
                guard case let LedgerError.locked(_, holder) = error else { return false }
                return holder.contains("pid \(ProcessInfo.processInfo.processIdentifier)")
            }
            #expect(other.hasActiveWriter)
        }
        #expect(!fixture.ledger.hasActiveWriter)
    }

    @Test func concurrentWritersNeverForkTheChain() throws {
        let fixture = try LedgerFixture(notes: 0)
        let path = fixture.path
        let keys = [fixture.admin, fixture.bob]
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let ledger = try FileLedger.open(path)
                for i in 0..<25 {
                    try ledger.append([EntryDraft(type: "note.text", body: ["worker": .integer(Int64(worker)), "i": .integer(Int64(i))])],
                                      signedBy: keys[worker % 2], authority: KeyRegistry(), wait: .wait(onWait: { _ in }))
                }
            } catch {
                errors.add("\(error)")
            }
        }
        #expect(errors.all.isEmpty)
        let report = try fixture.verify()
        #expect(report.isIntact)
        #expect(report.verifiedEntries == 102)
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }

    /// Two ledgers in one process share nothing: no head, lock, index or cache state leaks between them.
    @Test func twoLedgersInOneProcessDoNotShareState() throws {
        let a = try LedgerFixture(notes: 3, origin: "example.com/a")
        let b = try LedgerFixture(notes: 9, origin: "example.com/b")
        for i in 0..<5 {
            try a.appendNote(100 + i)
            try b.appendNote(200 + i)
        }
        let ra = try a.verify(), rb = try b.verify()
        #expect(ra.isIntact && rb.isIntact)
        #expect(ra.origin == "example.com/a" && rb.origin == "example.com/b")
        #expect(ra.verifiedEntries == 10 && rb.verifiedEntries == 16)
        #expect(ra.rootHash != rb.rootHash)
        #expect(try a.ledger.entry(at: 9).entry.body["n"] == .integer(104))
        #expect(try b.ledger.entry(at: 15).entry.body["n"] == .integer(204))
        // A writer lock held on one does not block the other.
        try a.ledger.withWriter(.noWait) { _ in try b.appendNote(300) }
        #expect(try b.ledger.count() == 17)
    }
}
