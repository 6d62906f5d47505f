import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A store under test, with whatever must live as long as it (a temporary directory, a database).
struct StoreUnderTest {
    let store: any LedgerStore
    let resources: AnyObject?
}

/// A store a conformance test can make: a new ledger holding only its genesis entry.
protocol StoreMaker: Sendable, CustomTestStringConvertible {
    func make(origin: String, admin: PrivateKey) throws -> StoreUnderTest
    /// The same ledger opened again, as another process would.
    func reopen(_ store: any LedgerStore) throws -> any LedgerStore
}

struct FileStoreMaker: StoreMaker {
    var testDescription: String { "file store" }

    func make(origin: String, admin: PrivateKey) throws -> StoreUnderTest {
        let directory = try TemporaryDirectory("conformance")
        let store = try FileLedger.create(at: directory.file("ledger"), origin: origin, admin: admin, logKey: admin.publicKey,
                                          time: EntryTime(milliseconds: 1_767_225_600_000) ?? .now()).ledger
        return StoreUnderTest(store: store, resources: directory)
    }

    func reopen(_ store: any LedgerStore) throws -> any LedgerStore { try FileLedger.open(store.location) }
}

/// What every `LedgerStore` must do, written once against the protocol. A new store adds its maker
/// to `makers`, and passes these before anything else runs on it.
@Suite struct StoreConformanceTests {
    /// The PostgreSQL maker runs where a throwaway cluster starts, and wherever it is required
    /// (`TIERLEDGER_REQUIRE_POSTGRES=1`, as `make test` sets), where a cluster that cannot start fails.
    static let makers: [any StoreMaker] = [FileStoreMaker()] + (PostgresTestServer.shouldRun ? [PostgresStoreMaker()] : [])

    static func notes(_ range: Range<Int>) -> [EntryDraft] {
        range.map { EntryDraft(type: "note.text", body: ["n": .integer(Int64($0))]) }
    }

    @Test(arguments: makers)
    func appendsChainAndReadBackExactly(_ maker: any StoreMaker) throws {
        let admin = try PrivateKey.generate(.ed25519)
        let made = try maker.make(origin: "example.com/conformance", admin: admin)
        let store = made.store
        defer { withExtendedLifetime(made) {} }
        #expect(try store.count() == 1)
        let genesis = try #require(try store.head())
        #expect(genesis.seq == 0)
        let written = try store.withWriter(.noWait) { writer in
            try writer.append(Self.notes(0..<5), signedBy: admin, at: .now())
        }
        #expect(written.map(\.entry.seq) == [1, 2, 3, 4, 5])
        let reopened = try maker.reopen(store)
        #expect(try reopened.count() == 6)
        let head = try #require(try reopened.head())
        #expect(head.seq == 5 && head.hash == written.last?.hash)
        // Lines by sequence number and after a head are the written lines, byte for byte.
        for stored in written {
            let line = try reopened.line(at: stored.entry.seq)
            #expect(line == stored.entry.canonicalBytes)
            #expect(try reopened.entry(at: stored.entry.seq).hash == stored.hash)
        }
        var after = try reopened.lines(after: genesis)
        var seen: [[UInt8]] = []
        while let item = try after.next() {
            guard case let .line(offset, bytes) = item else { Issue.record("unexpected \(item)"); break }
            #expect(offset == written[seen.count].offset)
            seen.append(bytes)
        }
        #expect(seen == written.map(\.entry.canonicalBytes))
        #expect(Array(try reopened.entries(from: 3)).map(\.entry.seq) == [3, 4, 5])
        #expect(Array(try reopened.entries(from: 9)).isEmpty)
        #expect(throws: LedgerError.self) { try reopened.entry(at: 6) }
        #expect(try reopened.pendingTail() == nil)
        let report = try Verifier(authority: KeyRegistry()).verify(reopened).report
        #expect(report.isIntact && report.verifiedEntries == 6)
    }

    @Test(arguments: makers)
    func linksBuiltOnAnotherHeadAreRefusedWhole(_ maker: any StoreMaker) throws {
        let admin = try PrivateKey.generate(.ed25519)
        let made = try maker.make(origin: "example.com/conformance", admin: admin)
        let store = made.store
        defer { withExtendedLifetime(made) {} }
        let stale = try #require(try store.head())
        try store.withWriter(.noWait) { writer in _ = try writer.append(Self.notes(0..<2), signedBy: admin, at: .now()) }
        let links = try Chain.extend(after: stale.tip, with: Self.notes(2..<4), signedBy: admin, at: .now())
        #expect(throws: LedgerError.self) {
            try store.withWriter(.noWait) { writer in _ = try writer.append(links) }
        }
        #expect(try store.count() == 3)
        #expect(try Verifier(authority: KeyRegistry()).verify(store).report.isIntact)
    }

    @Test(arguments: makers)
    func oneWriterAtATime(_ maker: any StoreMaker) throws {
        let admin = try PrivateKey.generate(.ed25519)
        let made = try maker.make(origin: "example.com/conformance", admin: admin)
        let store = made.store
        defer { withExtendedLifetime(made) {} }
        let other = try maker.reopen(store)
        try store.withWriter(.noWait) { _ in
            #expect(store.hasActiveWriter)
            #expect {
                try other.withWriter(.noWait) { _ in }
            } throws: { error in
                if case LedgerError.locked = error { return true }
                return false
            }
        }
        #expect(!store.hasActiveWriter)
        try other.withWriter(.noWait) { writer in _ = try writer.append(Self.notes(0..<1), signedBy: admin, at: .now()) }
    }

    @Test(arguments: makers)
    func checkpointsAndProofsGoThroughTheStore(_ maker: any StoreMaker) throws {
        let admin = try PrivateKey.generate(.ed25519)
        let made = try maker.make(origin: "example.com/conformance", admin: admin)
        let store = made.store
        defer { withExtendedLifetime(made) {} }
        try store.withWriter(.noWait) { writer in _ = try writer.append(Self.notes(0..<20), signedBy: admin, at: .now()) }
        let checkpoint = try store.makeCheckpoint(logKey: admin, authority: KeyRegistry()).checkpoint
        #expect(checkpoint.size == 21)
        let saved = try maker.reopen(store).savedCheckpoints()
        #expect(saved.map(\.size) == [21])
        #expect(try store.latestSignedCheckpoint()?.root == checkpoint.root)
        var tree = InMemoryMerkleTree()
        for stored in try store.entries() { tree.append(MerkleHash.leaf(stored.entry.canonicalBytes)) }
        let nodes = try store.treeNodes(leafCount: 21, entryReads: nil)
        #expect(try MerkleProofs.root(size: 21, in: nodes) == MerkleProofs.root(size: 21, in: tree))
        let (proof, rebuilt) = try store.checkedInclusionProof(seq: 7)
        #expect(!rebuilt)
        #expect(proof.rootHash == checkpoint.root)
        try proof.verify(leaf: try store.line(at: 7))
    }
}
