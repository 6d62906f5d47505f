import BenchSupport
import Foundation
import Governance
import Ledger
import Reports

/// The measures that read the whole ledger once: checkpoints, replay and reports. Each is one
/// timing with no baseline: they grow with the ledger, and their targets are times at 1M.
extension LedgerMeasures {
    func checkpoints() throws -> [Figure] {
        let ledger = try FileLedger.open(directory)
        // A first checkpoint verifies every entry before it signs; a later one leans on it.
        let first = try Round.timed(units: 1) { _ = try ledger.makeCheckpoint(logKey: key, authority: GovernanceState()) }
        // The usual case: a checkpoint after 1,000 more entries, from a freshly opened ledger.
        try ledger.withWriter(.noWait) { writer in
            _ = try writer.append((0..<1_000).map { EntryDraft(type: "note.text", body: ["i": .integer(Int64($0))]) }, signedBy: key)
        }
        var leaned = true
        let next = try Round.timed(units: 1) {
            let made = try FileLedger.open(directory).makeCheckpoint(logKey: key, authority: GovernanceState())
            leaned = made.report.signaturesCheckedFrom > 0
        }
        guard leaned else { throw BenchError("the second checkpoint did not lean on the first") }
        // 1,000 entries more, for the reports to check in full after the checkpoint.
        try ledger.withWriter(.noWait) { writer in
            _ = try writer.append((0..<1_000).map { EntryDraft(type: "note.text", body: ["j": .integer(Int64($0))]) }, signedBy: key)
        }
        return [
            .single("first checkpoint (full verify, then sign)", size: size, first.seconds * 1000, unit: "ms", target: .note("report")),
            .single("checkpoint after 1,000 more entries (open included)", size: size, next.seconds * 1000, unit: "ms",
                    target: .note("report: a replay and 1,000 signatures")),
        ]
    }

    /// Replay of the governance state (decode and rules, no signatures), as every command does;
    /// then the audit report, checking every signature or leaning on the checkpoint.
    func replayAndReports() throws -> [Figure] {
        var replayed: GovernanceState?
        let replay = try Round.timed(units: 1) { replayed = try GovernanceReplay.state(of: FileLedger.open(directory)) }
        let entries = try FileLedger.open(directory).count()
        guard replayed?.lastSeq == entries - 1 else {
            throw BenchError("replay stopped at \(replayed.map { String($0.lastSeq) } ?? "nothing") of \(entries)")
        }
        var figures: [Figure] = [.single("replay to the latest state", size: size, replay.seconds * 1000, unit: "ms", target: .note("< 5 s at 1 M"))]
        for basis in Attestation.Basis.allCases {
            var attestation: Attestation?
            let report = try Round.timed(units: 1) {
                attestation = try Report.make(.audit, ledger: FileLedger.open(directory), scope: ReportScope(), attest: basis).document.attestation
            }
            guard let attestation, attestation.intact else { throw BenchError("the report's attestation says the ledger is damaged") }
            guard (attestation.signaturesCheckedFrom > 0) == (basis == .checkpoint) else {
                throw BenchError("the \(basis.rawValue) attestation checked signatures from entry \(attestation.signaturesCheckedFrom)")
            }
            let measure = basis == .full ? "audit report, every signature checked" : "audit report, attested from the last checkpoint"
            figures.append(.single(measure, size: size, report.seconds * 1000, unit: "ms",
                                   target: .note(basis == .full ? "report" : "< 10 s at 1 M")))
        }
        return figures
    }
}
