import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// The service keeps the replayed state and reads only what others appended since.
@Suite struct GovernanceServiceTests {
    /// Counts the lines read through it, to show what a catch-up costs.
    final class CountingStore: LedgerStore, @unchecked Sendable {
        let base: any LedgerStore
        let counter = ReadCounter()
        init(_ base: any LedgerStore) { self.base = base }

        struct Counted: LineSource {
            var inner: any LineSource
            let counter: ReadCounter
            mutating func next() throws -> LineItem? {
                let item = try inner.next()
                if case .line? = item { counter.add() }
                return item
            }
            var position: Int { inner.position }
            var endPosition: Int { inner.endPosition }
        }

        var config: LedgerConfig { base.config }
        var location: String { base.location }
        func lines(after head: ChainHead?) throws -> any LineSource { Counted(inner: try base.lines(after: head), counter: counter) }
        func lines(from seq: Int64) throws -> any LineSource { Counted(inner: try base.lines(from: seq), counter: counter) }
        func line(at seq: Int64) throws -> [UInt8] { try base.line(at: seq) }
        func count() throws -> Int64 { try base.count() }
        func head() throws -> ChainHead? { try base.head() }
        func pendingTail() throws -> (offset: Int, length: Int)? { try base.pendingTail() }
        func lineCompleted(at offset: Int) throws -> Bool { try base.lineCompleted(at: offset) }
        var hasActiveWriter: Bool { base.hasActiveWriter }
        func withWriter<R>(_ wait: LockWait, _ body: (any LedgerStoreWriter) throws -> R) throws -> R { try base.withWriter(wait, body) }
        func saveCheckpoint(_ note: [UInt8], size: Int) throws -> String { try base.saveCheckpoint(note, size: size) }
        func savedCheckpoints() throws -> [SavedCheckpoint] { try base.savedCheckpoints() }
        func treeNodes(leafCount: Int, entryReads: ReadCounter?) throws -> any CountingNodeSource {
            try base.treeNodes(leafCount: leafCount, entryReads: entryReads)
        }
        func extendTreeCache(knownLeaves leaves: [Digest], firstIndex: Int) { base.extendTreeCache(knownLeaves: leaves, firstIndex: firstIndex) }
        func rebuildTreeCache() throws { try base.rebuildTreeCache() }
        func treeCacheAudit() -> (any TreeCacheAudit)? { base.treeCacheAudit() }
    }

    @Test func aGovernedWriteReplaysOnlyWhatItHasNotSeen() throws {
        let g = try GovernedLedger()   // entries 0-2
        let store = CountingStore(g.ledger)
        let service = GovernanceService(store: store)
        #expect(try service.state().principals.count == 3)
        #expect(store.counter.count == 3)
        // A write catches up with nothing new, then checks and appends one entry.
        let recorded = try service.record("license.note", ["n": 1], signedBy: g.ops, at: g.nextTime, future: .allowed)
        #expect(recorded.entry?.entry.seq == 3)
        #expect(store.counter.count == 3)
        // Another writer appends two entries; the service reads those two and no more.
        try g.write("license.note", ["n": 2], by: g.ops)
        try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "ops", add: [.auditor], remove: []), by: g.admin)
        let state = try service.state()
        #expect(store.counter.count == 5)
        #expect(state.principals["ops"]?.roles.contains(.auditor) == true)
        #expect(state.lastSeq == 5)
        // The rules still hold under the writer: a refused entry writes nothing and keeps the state.
        #expect(throws: LedgerError.self) {
            try service.record(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.admin],
                                                                                 key: try PrivateKey.generate(.ed25519).publicKey),
                               signedBy: g.ops, at: g.nextTime, future: .allowed)
        }
        #expect(try g.ledger.count() == 6)
        #expect(try service.state().lastSeq == 5)
    }

    @Test func aRewrittenLedgerUnderAKeptStateIsDamage() throws {
        let g = try GovernedLedger()
        let service = GovernanceService(store: g.ledger)
        _ = try service.state()
        var lines = try String(contentsOfFile: g.ledger.paths.entries, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "\"operator\"", with: "\"auditor\"")
        try (lines.joined(separator: "\n") + "\n").write(toFile: g.ledger.paths.entries, atomically: false, encoding: .utf8)
        #expect {
            _ = try service.state()
        } throws: { error in
            guard case let LedgerError.damaged(seq, _, reason) = error else { return false }
            return seq == 2 && reason.contains("rewritten")
        }
    }
}
