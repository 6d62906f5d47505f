import Foundation
import Ledger
import LedgerCrypto
import PostgresStore
import Testing
import TestSupport

/// The server stopped at once (`pg_ctl stop -m immediate`) while a writer appends batches, then
/// started again: nothing acknowledged is lost, no batch is half there, and the chain verifies.
/// TIERLEDGER_PG_CRASHES sets the rounds (3 here; `make torture` runs 50). It uses a cluster of its
/// own, since it stops the server under the other tests' feet otherwise.
@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresCrashTests {
    static let batch = 5

    @Test func immediateStopsLoseNothingAcknowledgedAndLeaveNoHalfBatch() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["TIERLEDGER_PG_CRASHES"] ?? "") ?? 3
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let admin = try PrivateKey.generate(.ed25519)
        let place = try PostgresLocation(url: cluster.url(ledger: "crash"))
        _ = try PostgresLedger.Factory(place: place).create(origin: "example.com/crash", admin: admin, adminName: "admin",
                                                            logKey: admin.publicKey, time: .now(), future: .refused)
        let acknowledged = Acknowledged()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<rounds {
            let stop = StopFlag()
            let writer = Thread {
                while !stop.isSet {
                    do {
                        let store = try PostgresLedger.open(place)
                        while !stop.isSet {
                            let drafts = (0..<Self.batch).map { EntryDraft(type: "note.text", body: ["k": .integer(Int64($0))]) }
                            let written = try store.withWriter(.wait(onWait: { _ in })) { try $0.append(drafts, signedBy: admin, at: .now()) }
                            if let last = written.last { acknowledged.record(last.entry.seq) }
                        }
                    } catch {
                        Thread.sleep(forTimeInterval: 0.02)
                    }
                }
                stop.finished()
            }
            writer.start()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.3, using: &generator))
            try cluster.crash()
            stop.set()
            stop.waitUntilFinished()
            try cluster.restart()
        }
        let store = try PostgresLedger.open(place)
        let count = try store.count()
        #expect(acknowledged.highest > 0, "no batch was acknowledged in \(rounds) rounds")
        #expect(count >= acknowledged.highest + 1, "entry \(acknowledged.highest) was acknowledged but the ledger holds \(count)")
        #expect((count - 1) % Int64(Self.batch) == 0, "\(count) entries: a batch of \(Self.batch) is half there")
        let report = try Verifier(authority: KeyRegistry()).verify(store).report
        #expect(report.isIntact && report.verifiedEntries == count, "\(report.failure.map { "\($0)" } ?? "")")
        print("PostgreSQL crash torture: \(rounds) immediate stops, entries up to \(acknowledged.highest) acknowledged, "
            + "\(count) stored, verify \(report.isIntact ? "passed" : "FAILED")")
    }
}

/// The highest seq a writer was told is stored.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var seq: Int64 = 0
    func record(_ value: Int64) { lock.withLock { seq = max(seq, value) } }
    var highest: Int64 { lock.withLock { seq } }
}

/// Tells a writer thread to stop, and waits until it has.
final class StopFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var done = false
    var isSet: Bool { condition.withLock { stopping } }
    func set() { condition.withLock { stopping = true } }
    func finished() { condition.withLock { done = true; condition.broadcast() } }
    func waitUntilFinished() { condition.withLock { while !done { condition.wait() } } }
}
