import ArgumentParser
import Governance
import Ledger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the whole ledger offline; name the first bad entry and byte.",
        discussion: """
            Checks every entry: canonical RFC 8785 form, sequence numbers, the hash chain (prev), time \
            never going backwards, that each signer was an enrolled principal whose key was current (not \
            rotated out or revoked) and who held the role the entry needs at that point, that ledger.json \
            agrees with entry 0, and every signature (on all cores). Reads with bounded memory.

            With --checkpoint (repeatable), also proves the ledger is an append-only extension of each \
            checkpoint someone holds: truncation or rewriting of that history fails, and two checkpoints that \
            cannot both be true are reported as equivocation. Checkpoint signatures are checked with --vkey, or \
            the log key recorded in entry 0.

            A checkpoint that binds a state snapshot (a tierledger-state/1 line, given or stored in \
            checkpoints/) fails as state-mismatch when the state replayed to its size hashes otherwise.

            Examples:
              tierledger verify
              tierledger verify --ledger /srv/ledger --json
              tierledger verify --checkpoint q3.checkpoint --checkpoint q4.checkpoint
              tierledger verify --checkpoint q3.checkpoint --vkey "$VKEY"

            Exit status: 0 intact, 1 integrity failure (a bad entry, or a checkpoint the ledger does not \
            extend), 2 usage or input error.
            """
    )

    @OptionGroup var location: LedgerOptions

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: .long, help: "No progress line on the terminal.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("A checkpoint the ledger must extend; repeat for several.", valueName: "file"),
            completion: .file())
    var checkpoint: [String] = []

    @Option(name: .long, help: ArgumentHelp("The log's verifier key for --checkpoint (default: the log key in entry 0).", valueName: "vkey"))
    var vkey: String?

    func run() throws {
        let ledger = try location.open()
        let logKey = try vkey.map { try VerifierKey(parsing: $0) } ?? ledger.logVerifierKey
        var held: [(label: String, checkpoint: Checkpoint)] = []
        var rejected: [CheckpointFinding] = []
        for file in checkpoint {
            do {
                held.append((file, try Checkpoint.verify(note: NoteFile.read(file), logKey: logKey).checkpoint))
            } catch let error as LedgerError {
                rejected.append(CheckpointFinding(label: file, size: 0, status: .unverifiable, reason: "not a valid checkpoint of this log: \(error)"))
            }
        }
        let line = ProgressLine(quiet: quiet || json)
        let bound = StateBinding.checkpoints(held: held, stored: ledger)
        var verifier = Verifier(authority: SnapshotCheckingState(checking: bound)) { progress in
            line.update(items: progress.entries, itemName: "entries", done: progress.bytes, total: progress.totalBytes)
        }
        verifier.rootsAt = Set(held.map(\.checkpoint.size))
        verifier.clock = try Clock.now()
        let (report, checking) = try verifier.verify(ledger)
        let state = checking.state
        line.finish()
        let findings = rejected + HistoryCheck.check(held, against: report) + checking.mismatches.map(StateBinding.finding)
        if json {
            var members = VerifyOutput.json(report, principals: state.principals.count)
            members["checkpoints"] = .array(findings.map { finding in
                .object(["file": .string(finding.label), "size": .integer(Int64(finding.size)),
                         "status": .string(finding.status.rawValue), "reason": .string(finding.reason)])
            })
            Console.exact(JSONOutput.line(members))
        } else {
            VerifyOutput.printHuman(report, principals: state.principals.count, directory: ledger.location,
                                    failedCheckpoints: findings.filter(\.isFailure).count)
            for finding in findings {
                Console.out("  checkpoint \(finding.label): \(finding.isFailure ? "FAILED (\(finding.status.rawValue))" : "consistent") — \(finding.reason)")
            }
        }
        if !report.isIntact || findings.contains(where: \.isFailure) { throw ExitStatus.integrityFailure }
    }
}

/// The state snapshots `verify` checks: those bound by the checkpoints given with --checkpoint and
/// by the ledger's own stored checkpoints whose log signature verifies.
enum StateBinding {
    static func checkpoints(held: [(label: String, checkpoint: Checkpoint)], stored ledger: any LedgerStore) -> [SnapshotCheckingState.Bound] {
        var bound = held.compactMap { item in
            item.checkpoint.stateHash.map { SnapshotCheckingState.Bound(label: item.label, size: item.checkpoint.size, stateHash: $0) }
        }
        guard let logKey = try? ledger.logVerifierKey else { return bound }
        for saved in (try? ledger.savedCheckpoints()) ?? [] {
            guard let checkpoint = try? Checkpoint.verify(note: String(decoding: saved.note, as: UTF8.self), logKey: logKey).checkpoint,
                  checkpoint.size == saved.size, let hash = checkpoint.stateHash
            else { continue }
            bound.append(SnapshotCheckingState.Bound(label: saved.name, size: saved.size, stateHash: hash))
        }
        return bound
    }

    static func finding(_ mismatch: SnapshotCheckingState.Mismatch) -> CheckpointFinding {
        CheckpointFinding(label: mismatch.label, size: mismatch.size, status: .stateMismatch,
                          reason: "it signs state snapshot \(mismatch.signed.hex), but the state replayed to entry \(mismatch.size - 1) "
                              + "makes \(mismatch.replayed.hex): the snapshot it binds is not this ledger's state, and no command starts from it")
    }
}

/// How `verify` reports.
enum VerifyOutput {
    static func json(_ report: VerificationReport, principals: Int) -> [String: JSONValue] {
        var out = report.json
        out["principals"] = .integer(Int64(principals))
        return out
    }

    /// The first line gives the verdict: `FAILED:` when an entry or a held checkpoint fails
    /// (`failedCheckpoints`), `intact:` only when nothing does.
    static func printHuman(_ report: VerificationReport, principals: Int, directory: String, failedCheckpoints: Int = 0) {
        if let failure = report.failure {
            Console.out("FAILED: \(directory) (origin \(report.origin))")
            Console.out("  first bad entry: \(failure.seq) at byte offset \(failure.offset)")
            if failure.byteOffset != failure.offset {
                Console.out("  first bad byte:  \(failure.byteOffset)")
            }
            Console.out("  check:           \(failure.code.rawValue)")
            Console.out("  reason:          \(failure.reason)")
            Console.out("  verified before it: \(report.verifiedEntries) entries (\(Count.text(Int64(report.verifiedBytes))) bytes)")
        } else {
            if failedCheckpoints > 0 {
                Console.out("FAILED: \(directory) (origin \(report.origin)): "
                    + (failedCheckpoints == 1 ? "a checkpoint held does not" : "\(failedCheckpoints) checkpoints held do not")
                    + " check out, though the entries present are intact on their own")
            } else {
                Console.out("intact: \(directory) (origin \(report.origin))")
            }
            Console.out("  entries: \(report.verifiedEntries) (\(Count.text(Int64(report.verifiedBytes))) bytes); principals: \(principals)")
            if let head = report.head {
                Console.out("  head:    entry \(head.seq), sha256 \(head.hash.hex), \(head.time)")
            }
            if let root = report.rootHash {
                Console.out("  root:    \(root.base64) (Merkle tree of \(report.verifiedEntries) entries)")
            }
        }
        for note in report.notes { Console.out("  note: \(note)") }
    }
}
