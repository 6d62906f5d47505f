#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A store whose writes and fsyncs fail on demand.
final class FaultyIO: StoreIO, @unchecked Sendable {
    private let lock = NSLock()
    /// Bytes the next writes may still write before failing with `writeError`; nil: no write fault.
    var bytesBeforeWriteFault: Int?
    var writeError: Int32 = ENOSPC
    /// When set, every fsync fails with this errno.
    var fsyncError: Int32?
    private let system = SystemIO()

    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard let budget = bytesBeforeWriteFault else { return system.write(fd, buffer, count) }
        if budget == 0 { return -Int(writeError) }
        let n = system.write(fd, buffer, min(count, budget))   // a short write first
        if n > 0 { bytesBeforeWriteFault = budget - n }
        return n
    }

    func fsync(_ fd: Int32) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let fsyncError { return -fsyncError }
        return system.fsync(fd)
    }

    func clear() {
        lock.lock()
        bytesBeforeWriteFault = nil
        fsyncError = nil
        lock.unlock()
    }
}

/// Each fault gives a clear error, acknowledges nothing that is not durable, and leaves a ledger
/// that verifies; once the fault clears, appends continue.
@Suite struct IOFaultTests {
    static let drafts = (0..<20).map { EntryDraft(type: "note.text", body: ["n": .integer(Int64($0)), "text": "some words to fill the line"]) }

    func check(_ setUp: (FaultyIO) -> Void, errno expected: Int32, words: String) throws {
        let fixture = try LedgerFixture(notes: 3)
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.entriesPath))
        let io = FaultyIO()
        setUp(io)
        let ledger = try FileLedger.open(fixture.path, io: io)
        #expect {
            try ledger.append(Self.drafts, signedBy: fixture.admin, authority: KeyRegistry())
        } throws: { error in
            guard case let LedgerError.io(_, _, code) = error, code == expected else { return false }
            return "\(error)".contains(words)
        }
        // Nothing acknowledged, nothing left behind.
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.entriesPath)) == before)
        #expect(try fixture.verify().isIntact)
        io.clear()
        let written = try ledger.append(Self.drafts, signedBy: fixture.admin, authority: KeyRegistry())
        #expect(written.entries.first?.entry.seq == 5)
        #expect(try fixture.verify().verifiedEntries == 25)
    }

    @Test func diskFullAfterAShortWrite() throws {
        try check({ $0.bytesBeforeWriteFault = 1_000; $0.writeError = ENOSPC }, errno: ENOSPC, words: "free some disk space")
    }

    @Test func anIOErrorOnWrite() throws {
        try check({ $0.bytesBeforeWriteFault = 0; $0.writeError = EIO }, errno: EIO, words: "write failed")
    }

    @Test func aFailingFsync() throws {
        try check({ $0.fsyncError = EIO }, errno: EIO, words: "fsync failed")
    }
}
