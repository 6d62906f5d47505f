import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// Writers and readers at once, on one ledger: the chain never forks and no reader ever fails
/// because of a line that was being written. `make torture` runs 8 × 500; `make test` a shorter run.
@Suite struct ConcurrencyStressTests {
    static var appendsPerWriter: Int { Int(ProcessInfo.processInfo.environment["TIERLEDGER_STRESS_APPENDS"] ?? "") ?? 60 }

    @Test func eightWritersAndBusyReaders() throws {
        let fixture = try LedgerFixture(notes: 0)
        let path = fixture.path
        let admin = fixture.admin
        let writers = 8, perWriter = Self.appendsPerWriter
        let problems = ErrorBox()
        let done = DoneFlag()
        let group = DispatchGroup()
        for w in 0..<writers {
            DispatchQueue.global().async(group: group) {
                do {
                    let ledger = try FileLedger.open(path)
                    for i in 0..<perWriter {
                        // Single entries and small batches, straight through the store's writer.
                        let count = i % 10 == 0 ? 3 : 1
                        let drafts = (0..<count).map { EntryDraft(type: "note.text", body: ["writer": .integer(Int64(w)), "i": .integer(Int64(i)), "k": .integer(Int64($0))]) }
                        try ledger.withWriter(.wait(onWait: { _ in })) { writer in _ = try writer.append(drafts, signedBy: admin) }
                    }
                } catch {
                    problems.add("writer \(w): \(error)")
                }
            }
        }
        let readers = DispatchGroup()
        var readerRounds = 0
        let rounds = RoundCounter()
        for r in 0..<3 {
            DispatchQueue.global().async(group: readers) {
                // Every reader completes at least one round, however fast the writers finish.
                repeat {
                    do {
                        let ledger = try FileLedger.open(path)
                        switch r {
                        case 0:
                            let report = try Verifier(authority: KeyRegistry(), workers: 1).verify(ledger).report
                            if let failure = report.failure { problems.add("verify: \(failure)") }
                        case 1:
                            var entries = try ledger.entries()
                            var expected: Int64 = 0
                            while let stored = try entries.nextOrThrow() {
                                if stored.entry.seq != expected { problems.add("log: seq \(stored.entry.seq) after \(expected - 1)") }
                                expected += 1
                            }
                        default:
                            let size = Int(try ledger.count())
                            if size > 2 { try ledger.inclusionProof(seq: Int64(size / 2), size: size).verify() }
                        }
                        rounds.increment()
                    } catch {
                        problems.add("reader \(r): \(error)")
                    }
                } while !done.isSet
            }
        }
        group.wait()
        done.set()
        readers.wait()
        readerRounds = rounds.value
        #expect(problems.all.isEmpty, "\(problems.all.prefix(5))")
        let report = try fixture.verify()
        #expect(report.isIntact)
        let expectedEntries = 2 + writers * perWriter + writers * ((perWriter + 9) / 10) * 2
        #expect(report.verifiedEntries == Int64(expectedEntries))
        #expect(readerRounds > 0)
    }
}

final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}

final class RoundCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
