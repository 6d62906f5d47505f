import ArgumentParser
import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto

/// The CPU-bound measures `make bench-count` counts, each in its own process under callgrind.
///
/// Each measure does its set-up first (opening the ledger, building drafts, one signature and one
/// verification to load OpenSSL's algorithms), then its work inside `callgrindCountedRegion`, the
/// only function callgrind collects in (`--toggle-collect`). The work runs on one thread: callgrind
/// collects per thread, so work handed to other threads would go uncounted, and thread timing
/// would make the counts vary.
///
/// To add a measure (certificate checks, PostgreSQL's decode path, …): a case here, its `unit`, its
/// `comparison`, and its set-up and work in `countedWork`. `make bench-count` runs every case.
enum CountMeasure: String, CaseIterable, ExpressibleByArgument {
    /// Baseline: one Ed25519 signature over a message of entry size.
    case sign = "ed25519-sign"
    /// Baseline: one Ed25519 verification of such a signature.
    case verify = "ed25519-verify"
    /// `Verifier` on one thread, with the authority `tierledger verify` uses.
    case fullVerify = "full-verify"
    /// `GovernanceReplay.state`, decoding on this thread.
    case replay
    /// Batched append of usage snapshots in batches of 1,000, fsync skipped.
    case append = "append-no-fsync"
    /// 100 inclusion proofs from a freshly opened ledger.
    case inclusionProof = "inclusion-proof"
    /// 100 consistency proofs from a freshly opened ledger.
    case consistencyProof = "consistency-proof"
    // Certificate checks have no code yet: when they do, a case `certificateCheck` counted per
    // certificate and compared with `.verify` (the target: a check costs about one verification).

    /// The unit the instructions are divided by.
    var unit: String {
        switch self {
        case .sign, .verify: return "signature"
        case .fullVerify, .replay, .append: return "entry"
        case .inclusionProof, .consistencyProof: return "proof"
        }
    }

    /// The baseline a measure is compared with, and its target as a ratio of rates (baseline
    /// instructions over the measure's: 0.9 means the measure takes 1/0.9 of a baseline's work).
    var comparison: (baseline: CountMeasure, target: Target)? {
        switch self {
        case .sign, .verify: return nil
        case .fullVerify: return (.verify, .atLeast(0.85))
        case .append: return (.sign, .atLeast(0.5))
        case .replay, .inclusionProof, .consistencyProof: return (.verify, .note("report"))
        }
    }

    var title: String {
        switch self {
        case .sign: return "Ed25519 sign (baseline)"
        case .verify: return "Ed25519 verify (baseline)"
        case .fullVerify: return "full verify, all checks, 1 thread"
        case .replay: return "replay to the latest state, 1 thread"
        case .append: return "batched append (batches of 1,000), no fsync"
        case .inclusionProof: return "inclusion proof"
        case .consistencyProof: return "consistency proof"
        }
    }

    /// Sets up, then runs the work inside `callgrindCountedRegion`; returns the units of work done
    /// there. `ledger` is the fixture; `scratch` a directory the measure may write in.
    func countedWork(ledger directory: String, scratch: String, signatures: Int) throws -> Int {
        let key = try CountFixture.key()
        let time = try CountFixture.entryTime()
        let message = [UInt8](repeating: 0x61, count: 320)
        let signature = try key.signature(for: message)
        guard key.publicKey.isValidSignature(signature, for: message) else { throw BenchError("the fixture key does not verify its own signature") }
        _ = Digest.of(message)
        var units = 0
        switch self {
        case .sign:
            try callgrindCountedRegion {
                for _ in 0..<signatures { _ = try key.signature(for: message) }
            }
            units = signatures
        case .verify:
            let publicKey = key.publicKey
            var valid = 0
            callgrindCountedRegion {
                for _ in 0..<signatures where publicKey.isValidSignature(signature, for: message) { valid += 1 }
            }
            guard valid == signatures else { throw BenchError("a baseline signature did not verify") }
            units = signatures
        case .fullVerify:
            let ledger = try FileLedger.open(directory)
            var report: VerificationReport?
            try callgrindCountedRegion {
                report = try Verifier(authority: GovernanceState(), workers: 1).verify(ledger).report
            }
            guard let report, report.isIntact else { throw BenchError("the fixture ledger did not verify") }
            units = Int(report.verifiedEntries)
        case .replay:
            let ledger = try FileLedger.open(directory)
            var state: GovernanceState?
            try callgrindCountedRegion { state = try GovernanceReplay.state(of: ledger, readAhead: 0) }
            units = Int((state?.lastSeq ?? -1) + 1)
        case .append:
            let target = scratch + "/append"
            try? FileManager.default.removeItem(atPath: target)
            let ledger = try FileLedger.create(at: target, origin: CountFixture.origin, admin: key, logKey: key.publicKey, time: time).ledger
            ledger.io = NoSyncIO()
            let entries = try FileLedger.open(directory).count() - 1
            let batches = stride(from: 1, through: Int(entries), by: 1_000).map { Drafts.usage(from: $0, count: min(1_000, Int(entries) + 1 - $0)) }
            // The writer lock notes the pid and the time in its file: taken outside the region.
            try ledger.withWriter(.noWait) { writer in
                try callgrindCountedRegion {
                    for drafts in batches { _ = try writer.append(drafts, signedBy: key, at: time) }
                }
            }
            units = batches.reduce(0) { $0 + $1.count }
        case .inclusionProof, .consistencyProof:
            let ledger = try FileLedger.open(directory)
            let total = Int(try ledger.count())
            let inclusion = self == .inclusionProof
            try callgrindCountedRegion {
                for i in 1...100 {
                    if inclusion {
                        _ = try ledger.inclusionProof(seq: Int64((i * 7919) % total))
                    } else {
                        _ = try ledger.consistencyProof(from: max(1, (i * 7919) % total))
                    }
                }
            }
            units = 100
        }
        return units
    }
}

/// The one function callgrind collects in (`--toggle-collect=*callgrindCountedRegion*`): whatever
/// `body` runs, on this thread, is counted; nothing else is.
@inline(never)
func callgrindCountedRegion(_ body: () throws -> Void) rethrows {
    try body()
}
