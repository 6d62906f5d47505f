/// What a held checkpoint says about the ledger, once the ledger has been verified.
public struct CheckpointFinding: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// The first `size` entries hash to the checkpoint's root: the ledger extends it.
        case consistent
        /// The ledger has fewer entries than the checkpoint commits to.
        case truncated
        /// The first `size` entries do not hash to the checkpoint's root.
        case rewritten
        /// Two validly signed checkpoints that cannot both be true.
        case equivocation
        /// The ledger failed verification before reaching the checkpoint's size.
        case unverifiable
        /// The state snapshot hash the checkpoint signs is not the hash of the state replayed to its size.
        case stateMismatch = "state-mismatch"
    }

    public let label: String
    public let size: Int
    public let status: Status
    public let reason: String

    public init(label: String, size: Int, status: Status, reason: String) {
        self.label = label
        self.size = size
        self.status = status
        self.reason = reason
    }

    public var isFailure: Bool { status != .consistent }
}

/// Compares checkpoints someone holds with the roots `Verifier` computed from the entries.
public enum HistoryCheck {
    /// `checkpoints` are verified checkpoints with a label each (e.g. their file names); `report`
    /// must come from a `Verifier` run with `rootsAt` holding their sizes.
    public static func check(_ checkpoints: [(label: String, checkpoint: Checkpoint)], against report: VerificationReport) -> [CheckpointFinding] {
        var findings: [CheckpointFinding] = []
        for (label, checkpoint) in checkpoints {
            let size = checkpoint.size
            if let root = report.rootsAtSizes[size] {
                if root == checkpoint.root {
                    findings.append(.init(label: label, size: size, status: .consistent,
                                          reason: "the ledger's first \(size) entries hash to the checkpoint's root: it is an append-only extension"))
                } else {
                    findings.append(.init(label: label, size: size, status: .rewritten,
                                          reason: "the ledger's first \(size) entries hash to \(root.base64), not to the checkpoint's "
                                              + "\(checkpoint.root.base64): history before entry \(size) was rewritten after the checkpoint was signed"))
                }
            } else if report.isIntact {
                let missing = Int(report.verifiedEntries) == size - 1
                    ? "entry \(size - 1) was removed" : "entries \(report.verifiedEntries) to \(size - 1) were removed"
                findings.append(.init(label: label, size: size, status: .truncated,
                                      reason: "the checkpoint commits to \(size) entries but the ledger has \(report.verifiedEntries): \(missing)"))
            } else {
                findings.append(.init(label: label, size: size, status: .unverifiable,
                                      reason: "the ledger fails verification at entry \(report.failure?.seq ?? 0), before the checkpoint's size \(size)"))
            }
        }
        // Pairs that cannot both be true: the same size with two roots, or one consistent with the
        // ledger while the other contradicts it.
        for i in checkpoints.indices {
            for j in checkpoints.indices where j > i {
                let a = checkpoints[i], b = checkpoints[j]
                guard a.checkpoint.origin == b.checkpoint.origin else { continue }
                let sameSizeConflict = a.checkpoint.size == b.checkpoint.size && a.checkpoint.root != b.checkpoint.root
                let statuses = (findings[i].status, findings[j].status)
                let oneContradictsTheOther = (statuses.0 == .consistent && statuses.1 == .rewritten)
                    || (statuses.0 == .rewritten && statuses.1 == .consistent)
                if sameSizeConflict || oneContradictsTheOther {
                    findings.append(.init(label: "\(a.label) and \(b.label)", size: max(a.checkpoint.size, b.checkpoint.size),
                                          status: .equivocation,
                                          reason: "checkpoints of size \(a.checkpoint.size) and \(b.checkpoint.size), both signed by the log key, "
                                              + "describe two different histories: the log equivocated"))
                }
            }
        }
        return findings
    }
}
