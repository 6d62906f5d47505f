#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A long-lived reader (the server) keeps what its checked proofs rest on while the store is
/// unchanged, sees every change another writer makes on its next call, and still checks every proof.
@Suite struct ProofReaderTests {
    /// A ledger of 50 entries with a checkpoint at 42, and a reader that keeps a view at once
    /// (`settleSeconds: 0`), opened on its own `FileLedger` as another process would.
    private func fixture() throws -> (LedgerFixture, ProofReader) {
        let fixture = try LedgerFixture(notes: 40)
        _ = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        for i in 40..<48 { try fixture.appendNote(i) }
        return (fixture, ProofReader(store: try FileLedger.open(fixture.path), settleSeconds: 0))
    }

    /// Sets a directory's modification time an hour back, so that the next change to it shows in
    /// its stamp even within the same tick of the file system's clock.
    private func ageDirectory(_ path: String) {
        var times = [timespec(tv_sec: time(nil) - 3_600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3_600, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    @Test func theViewIsKeptWhileNothingChangesAndItsProofsAreTheCheckedOnes() throws {
        let (fixture, reader) = try fixture()
        let view = try reader.view()
        #expect(try reader.view() === view)
        #expect(view.count == 50)
        for seq: Int64 in [0, 7, 41, 42, 49] {
            #expect(try view.inclusionProof(seq: seq) == (try fixture.ledger.checkedInclusionProof(seq: seq).proof))
        }
        for seq: Int64 in [0, 7, 41, 42, 44] {
            #expect(try view.inclusionProof(seq: seq, size: 45) == (try fixture.ledger.checkedInclusionProof(seq: seq, size: 45).proof))
        }
        for (first, second) in [(0, 50), (20, 50), (42, 50), (7, 42), (50, 50)] {
            #expect(try view.consistencyProof(from: first, to: second) == (try fixture.ledger.checkedConsistencyProof(from: first, to: second).proof))
        }
        #expect(try view.independentRoot(size: 50) == (try fixture.verify().rootHash))
        for tile in TileAddress.all(treeSize: 50) {
            #expect(try view.tileBytes(tile) == (try fixture.ledger.tileBytes(tile, treeSize: 50)))
        }
        #expect(try reader.view() === view)
        // A reader that waits for the files to settle keeps nothing made a moment ago.
        let cautious = ProofReader(store: fixture.ledger, settleSeconds: 3_600)
        #expect(try cautious.view() !== (try cautious.view()))
    }

    @Test func anEntryAppendedByAnotherWriterIsInTheNextView() throws {
        let (fixture, reader) = try fixture()
        let before = try reader.view()
        try fixture.appendNote(99)
        let after = try reader.view()
        #expect(after !== before)
        #expect(after.count == 51)
        let proof = try after.inclusionProof(seq: 50)
        try proof.verify(leaf: try fixture.lines()[50])
        #expect(proof.rootHash == (try fixture.verify().rootHash))
        #expect(throws: LedgerError.self) { try before.inclusionProof(seq: 50) }
    }

    @Test func aCheckpointAddedOrReplacedByAnotherProcessIsSeen() throws {
        let (fixture, reader) = try fixture()
        let first = try #require(try reader.view().latestCheckpointNote())
        #expect(first == [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.path + "/checkpoints/42.checkpoint"))))

        ageDirectory(fixture.path + "/checkpoints")
        let kept = try reader.view()
        _ = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        let view = try reader.view()
        #expect(view !== kept)
        let second = try #require(view.latestCheckpointNote())
        #expect(second == [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.path + "/checkpoints/50.checkpoint"))))

        // Replaced by a note that does not verify: passed over, the one before served again.
        ageDirectory(fixture.path + "/checkpoints")
        #expect(try reader.view().latestCheckpointNote() == second)
        _ = try fixture.ledger.saveCheckpoint(Array("not a note\n".utf8), size: 50)
        #expect(try reader.view().latestCheckpointNote() == first)
    }

    @Test func aNodeCacheForgedUnderAKeptViewIsCaughtAndTheProofMadeAgain() throws {
        let fixture = try LedgerFixture(notes: 62)   // 64 entries, no checkpoint: roots from the entries
        let reader = ProofReader(store: try FileLedger.open(fixture.path), settleSeconds: 0)
        let honest = try reader.view().inclusionProof(seq: 5)
        let view = try reader.view()
        try MerkleCacheForgery.forge(fixture.ledger, leaf: 5)
        // Whether or not the view still reads the old cache, the proof it gives is the honest one.
        #expect(try view.inclusionProof(seq: 5) == honest)
        #expect(try reader.view().inclusionProof(seq: 5) == honest)
        #expect(try reader.view().consistencyProof(from: 3, to: 64).secondRoot == honest.rootHash)
        try honest.verify(leaf: try fixture.lines()[5])
    }

    @Test func theFileStoresStampChangesWithWhatItsReadsDependOn() throws {
        let fixture = try LedgerFixture(notes: 4)
        let stamp = try #require(fixture.ledger.readStamp())
        #expect(fixture.ledger.readStamp() == stamp)
        try fixture.appendNote(4)
        let appended = try #require(fixture.ledger.readStamp())
        #expect(appended != stamp)
        ageDirectory(fixture.path + "/checkpoints")
        let aged = try #require(fixture.ledger.readStamp())
        _ = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        #expect(fixture.ledger.readStamp() != aged)
        #expect(!(try #require(fixture.ledger.readStamp())).isSettled())
    }
}
