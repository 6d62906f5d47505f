import Foundation
import Ledger
import LedgerCrypto
import PostgresStore
import Testing
import TestSupport

/// What the PostgreSQL store adds to the conformance suite: URLs without passwords, writers on many
/// connections extending one chain, and no fork even for a writer that bypasses the lock.
@Suite struct PostgresLocationTests {
    @Test func theLocationNeverShowsThePassword() throws {
        let place = try PostgresLocation(url: "postgres://writer:s3cret@db.example:5433/ledgers?ledger=licensing", environment: [:])
        #expect(place.password == "s3cret" && place.port == 5433 && place.database == "ledgers" && place.ledger == "licensing")
        #expect(place.description == "postgres://writer@db.example:5433/ledgers?ledger=licensing")
        let fromEnvironment = try PostgresLocation(url: "postgresql://writer@127.0.0.1/ledgers?ledger=a.b-c", environment: ["PGPASSWORD": "x"])
        #expect(fromEnvironment.password == "x" && fromEnvironment.port == 5432)
        for bad in ["postgres://writer:s3cret@db.example/ledgers", "postgres://db.example/ledgers?ledger=a",
                    "postgres://writer:s3cret@db.example/?ledger=a", "postgres://w@h/d?ledger=a%20b", "postgres://w@h/d?ledger=a&sslmode=require"] {
            #expect {
                _ = try PostgresLocation(url: bad, environment: [:])
            } throws: { error in
                "\(error)".contains("postgres://") && !"\(error)".contains("s3cret")
            }
        }
    }
}

@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresStoreTests {
    func make() throws -> (PostgresLedger, PrivateKey) {
        let admin = try PrivateKey.generate(.ed25519)
        let place = try PostgresLocation(url: try PostgresTestServer.newLedgerURL("store"))
        let store = try PostgresLedger.Factory(place: place).create(origin: "example.com/pg", admin: admin, adminName: "admin",
                                                                    logKey: admin.publicKey, time: .now(), future: .refused).store
        return (try #require(store as? PostgresLedger), admin)
    }

    /// 4 writers × 15 appends here; `make torture` sets TIERLEDGER_PG_STRESS_APPENDS=500 for 8 × 500.
    @Test func writersOnManyConnectionsExtendOneChain() throws {
        let (store, admin) = try make()
        let stress = Int(ProcessInfo.processInfo.environment["TIERLEDGER_PG_STRESS_APPENDS"] ?? "")
        let writers = stress == nil ? 4 : 8, appends = stress ?? 15
        let failures = ErrorList()
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let mine = try PostgresLedger.open(url: store.location)
                for i in 0..<appends {
                    try mine.withWriter(.wait(onWait: { _ in })) { w in
                        _ = try w.append([EntryDraft(type: "note.text", body: ["w": .integer(Int64(writer)), "i": .integer(Int64(i))])],
                                         signedBy: admin, at: .now())
                    }
                    // Readers meanwhile see a prefix of the one chain.
                    if i % max(1, appends / 5) == 0 { #expect(try Verifier(authority: KeyRegistry()).verify(mine).report.isIntact) }
                }
            } catch {
                failures.add(error)
            }
        }
        #expect(failures.errors.isEmpty, "\(failures.errors)")
        #expect(try store.count() == Int64(1 + writers * appends))
        let report = try Verifier(authority: KeyRegistry()).verify(store).report
        #expect(report.isIntact && report.verifiedEntries == Int64(1 + writers * appends))
    }

    @Test func aRowInsertedBehindTheWritersBackIsRefusedNotForked() throws {
        let (store, admin) = try make()
        let cluster = try PostgresTestServer.cluster()
        try store.withWriter(.noWait) { writer in
            _ = try writer.append([EntryDraft(type: "note.text", body: ["n": 1])], signedBy: admin, at: .now())
            // Another session inserts entry 2 without the lock (a copy of entry 1's line, at the right offset).
            let after = try #require(writer.head)
            try cluster.psql("""
                INSERT INTO tierledger.entries (ledger, seq, byte_offset, line)
                SELECT ledger, 2, \(after.endOffset), line FROM tierledger.entries WHERE ledger = \(store.id) AND seq = 1
                """)
            #expect(throws: (any Error).self) {
                _ = try writer.append([EntryDraft(type: "note.text", body: ["n": 2])], signedBy: admin, at: .now())
            }
            // A second row for a seq is impossible whoever writes it.
            #expect(throws: PostgresClusterError.self) {
                try cluster.psql("INSERT INTO tierledger.entries SELECT ledger, seq, byte_offset, line FROM tierledger.entries "
                    + "WHERE ledger = \(store.id) AND seq = 2")
            }
        }
        #expect(try store.count() == 3)
        // The foreign row breaks the chain, and verify says where.
        let report = try Verifier(authority: KeyRegistry()).verify(store).report
        #expect(!report.isIntact && report.failure?.seq == 2)
    }

    /// A store of 104 entries written in five batches (7, 30, 62, 1 and 3 notes after genesis), and
    /// the tree of their leaves computed apart from it.
    func fiveBatches() throws -> (store: PostgresLedger, written: Int, tree: InMemoryMerkleTree) {
        let (store, admin) = try make()
        var written = 1
        for size in [7, 30, 62, 1, 3] {
            try store.withWriter(.noWait) { writer in
                _ = try writer.append(StoreConformanceTests.notes(written..<(written + size)), signedBy: admin, at: .now())
            }
            written += size
        }
        var tree = InMemoryMerkleTree()
        for stored in try store.entries() { tree.append(MerkleHash.leaf(stored.entry.canonicalBytes)) }
        return (store, written, tree)
    }

    @Test func proofsReadTheNodeTableAndAWrongNodeIsRebuiltNotServed() throws {
        let (store, written, tree) = try fiveBatches()
        let (proof, reads) = try PostgresLedger.open(store.place).inclusionProofCountingReads(seq: 37)
        #expect(reads.entries == 0 && reads.cachedNodes > 0 && reads.cachedNodes <= 40, "\(reads)")
        #expect(proof.rootHash == (try MerkleProofs.root(size: written, in: tree)))
        try proof.verify(leaf: try store.line(at: 37))
        // A node changed in the table is never served: the checked proof rebuilds the table first.
        try PostgresTestServer.cluster().psql(
            "UPDATE tierledger.merkle_nodes SET hash = sha256('x'::bytea) WHERE ledger = \(store.id) AND level = 0 AND idx = 37")
        let (checked, rebuilt) = try PostgresLedger.open(store.place).checkedInclusionProof(seq: 37)
        #expect(rebuilt)
        try checked.verify(leaf: try store.line(at: 37))
        #expect(try PostgresLedger.open(store.place).inclusionProofCountingReads(seq: 37).reads.entries == 0)
    }

    @Test func anInclusionProofIsOneRoundTripAtAnySizeAndLeaf() throws {
        let (store, written, tree) = try fiveBatches()
        let opened = try PostgresLedger.open(store.place)
        for size in [written, 64, 38, 1, 100] {
            let root = try MerkleProofs.root(size: size, in: tree)
            for seq in 0..<Int64(size) {
                let before = opened.statementsSent
                let (proof, reads) = try opened.inclusionProofCountingReads(seq: seq, size: size == written ? nil : size)
                #expect(opened.statementsSent - before == 1, "entry \(seq) of \(size): \(opened.statementsSent - before) statements")
                #expect(reads.entries == 0 && proof.rootHash == root && proof.treeSize == size)
                try proof.verify(leaf: try store.line(at: seq))
            }
        }
        // Past the end: refused, as by the file store.
        #expect(throws: LedgerError.self) { try opened.inclusionProof(seq: Int64(written)) }
        #expect(throws: LedgerError.self) { try opened.inclusionProof(seq: 3, size: written + 1) }
    }

    @Test func theWriterLockNamesItsHolderAndIsFreedWhenItsSessionEnds() throws {
        let (store, _) = try make()
        let other = try PostgresLedger.open(url: store.location)
        try store.withWriter(.noWait) { _ in
            #expect(other.hasActiveWriter)
            #expect {
                try other.withWriter(.noWait) { _ in }
            } throws: { error in
                guard case let LedgerError.locked(path, holder) = error else { return false }
                return path == store.location && holder.contains("tierledger pid \(getpid())")
            }
        }
        #expect(!other.hasActiveWriter)
        // A holder that dies (its connection dropped) frees the lock: the server ends its session.
        let cluster = try PostgresTestServer.cluster()
        try store.withWriter(.noWait) { _ in
            try cluster.psql("""
                SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'
                AND classid::bigint = \(PostgresSchema.lockKey) AND objid::bigint = \(store.id) AND granted
                """)
            Thread.sleep(forTimeInterval: 0.2)
            #expect(!other.hasActiveWriter)
            try other.withWriter(.noWait) { _ in }
        }
    }
}

/// Errors collected from several threads.
final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ error: any Error) { lock.withLock { list.append("\(error)") } }
    var errors: [String] { lock.withLock { list } }
}

/// docs/format.md §16 prints the schema `init` installs, exactly.
@Suite struct PostgresSchemaDocTests {
    @Test func theFormatDocumentShowsTheSchemaAsInstalled() throws {
        let doc = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/format.md", encoding: .utf8)
        #expect(doc.contains("```sql\n" + PostgresSchema.script + "```\n"))
    }
}
