import Foundation
import Governance
import Ledger
import LedgerCrypto

/// The block that ends every report: which log, how large, its Merkle root, whether `verify`
/// passed over it, and the latest stored checkpoint with the status of its signature and of its
/// root against the entries. A reader can check each figure with `tierledger verify` and
/// `tierledger checkpoint verify`, or by hand (docs/format.md).
public struct Attestation: Sendable {
    /// What an attestation's verification rests on.
    public enum Basis: String, Sendable, CaseIterable {
        /// Every entry, every signature.
        case full
        /// The latest stored checkpoint signed by the log key, and every entry after it in full.
        case checkpoint
    }

    public struct CheckpointStatus: Sendable {
        public let file: String
        public let size: Int
        public let root: String
        /// `verified` (signed by the log key and its root matches the entries), or why not.
        public let status: String

        /// A checkpoint's status as stated, for rendering.
        public init(file: String, size: Int, root: String, status: String) {
            self.file = file
            self.size = size
            self.root = root
            self.status = status
        }
    }

    public let origin: String
    public let treeSize: Int64
    public let rootHash: String
    public let headSeq: Int64?
    public let headHash: String?
    public let intact: Bool
    /// The first failure `verify` found, when it found one.
    public let failure: String?
    /// The first entry whose signature was checked for this report: 0, or the size of the stored
    /// checkpoint the entries before it matched (`--attest checkpoint`).
    public let signaturesCheckedFrom: Int64
    public let checkpoint: CheckpointStatus?

    /// An attestation as stated, for rendering; a report's own comes from ``verifying(_:scope:basis:progress:)``.
    public init(origin: String, treeSize: Int64, rootHash: String, headSeq: Int64?, headHash: String?, intact: Bool, failure: String?,
                signaturesCheckedFrom: Int64, checkpoint: CheckpointStatus?) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.headSeq = headSeq
        self.headHash = headHash
        self.intact = intact
        self.failure = failure
        self.signaturesCheckedFrom = signaturesCheckedFrom
        self.checkpoint = checkpoint
    }

    /// Verifies the ledger for a report and gathers the report's history in the same pass.
    ///
    /// With `basis: .full` every signature is checked. With `.checkpoint` the latest stored
    /// checkpoint, when the log key signed it, is the anchor: the entries below it must reproduce
    /// its root and pass every check but their signatures (which the checkpoint vouches for, as it
    /// is signed only over entries that verified); the entries after it are checked in full. When
    /// verification fails, the history is gathered by a replay of its own, and the attestation
    /// says where verification stopped.
    public static func verifying(_ ledger: any LedgerStore, scope: ReportScope, basis: Basis = .full,
                                 progress: ((VerificationProgress) -> Void)? = nil) throws -> (history: ReportHistory, attestation: Attestation) {
        let latest = try latestStored(ledger)
        var verifier = Verifier(authority: RecordingAuthority(end: scope.end), progress: progress)
        if let checkpoint = latest?.checkpoint {
            verifier.rootsAt = [checkpoint.size]
            if basis == .checkpoint { verifier.anchor = VerificationAnchor(size: checkpoint.size, root: checkpoint.root) }
        }
        let (report, authority) = try verifier.verify(ledger)
        let attestation = make(report, latest: latest)
        guard let failure = report.failure else { return (authority.history(scope: scope), attestation) }
        // The pass stopped at the damage: replay the history on its own, and if the damage keeps
        // even that from reaching the scope's end, name the first bad entry verification found.
        do {
            return (try ReportHistory.gather(ledger, scope: scope), attestation)
        } catch let LedgerError.damaged(seq, _, reason) {
            throw LedgerError.damaged(seq: failure.seq, offset: failure.byteOffset, reason: "\(failure.code.rawValue): \(failure.reason); "
                + "no report can be made, as the history cannot be replayed past entry \(seq.map(String.init) ?? "?") either (\(reason))")
        }
    }

    /// Runs the full verifier (all checks, all cores) on its own and reads the latest stored
    /// checkpoint: the two-pass way, kept as the reference `verifying` is tested against.
    static func make(_ ledger: any LedgerStore, progress: ((VerificationProgress) -> Void)? = nil) throws -> Attestation {
        let latest = try latestStored(ledger)
        var verifier = Verifier(authority: GovernanceState())
        verifier.progress = progress
        if let size = latest?.checkpoint?.size { verifier.rootsAt = [size] }
        return make(try verifier.verify(ledger).report, latest: latest)
    }

    /// The stored checkpoint of the largest size, with its log signature checked (or why it fails).
    private static func latestStored(_ ledger: any LedgerStore) throws -> (file: String, checkpoint: Checkpoint?, problem: String?)? {
        let logKey = try ledger.logVerifierKey
        guard let saved = try ledger.savedCheckpoints().first else { return nil }
        let file = saved.name
        do {
            return (file, try Checkpoint.verify(note: String(decoding: saved.note, as: UTF8.self), logKey: logKey).checkpoint, nil)
        } catch {
            return (file, nil, "signature not valid for the log key: \(error)")
        }
    }

    private static func make(_ report: VerificationReport, latest: (file: String, checkpoint: Checkpoint?, problem: String?)?) -> Attestation {
        var status: CheckpointStatus?
        if let latest {
            if let checkpoint = latest.checkpoint {
                let finding = HistoryCheck.check([(latest.file, checkpoint)], against: report).first
                status = CheckpointStatus(file: latest.file, size: checkpoint.size, root: checkpoint.root.base64,
                                          status: finding.map { $0.isFailure ? "\($0.status.rawValue): \($0.reason)" : "verified" } ?? "verified")
            } else {
                status = CheckpointStatus(file: latest.file, size: 0, root: "", status: latest.problem ?? "unreadable")
            }
        }
        return Attestation(origin: report.origin, treeSize: report.verifiedEntries, rootHash: report.rootHash?.base64 ?? "",
                           headSeq: report.head?.seq, headHash: report.head?.hash.hex, intact: report.isIntact,
                           failure: report.failure.map { "entry \($0.seq) at byte \($0.byteOffset): \($0.code.rawValue): \($0.reason)" },
                           signaturesCheckedFrom: report.signaturesCheckedFrom, checkpoint: status)
    }

    public var json: JSONValue {
        .object([
            "origin": .string(origin), "tree_size": .integer(treeSize), "root_hash": .string(rootHash),
            "head_seq": headSeq.map { .integer($0) } ?? .null, "head_hash": headHash.map { .string($0) } ?? .null,
            "verify": .object(["intact": .bool(intact), "failure": failure.map { .string($0) } ?? .null,
                               "signatures_checked_from": .integer(signaturesCheckedFrom)]),
            "checkpoint": checkpoint.map { c in
                .object(["file": .string(c.file), "size": .integer(Int64(c.size)), "root_hash": .string(c.root), "status": .string(c.status)])
            } ?? .null,
        ])
    }

    /// What the verification behind the report checked.
    private var verifyLine: String {
        guard intact else { return "FAILED: \(failure ?? "")" }
        guard signaturesCheckedFrom > 0 else { return "intact: every entry's form, chain, authority, workflow rules and signature checked" }
        let below = signaturesCheckedFrom - 1
        return "intact: entries 0 to \(below) reproduce the root of checkpoint \(signaturesCheckedFrom), which the log key signed "
            + "over entries that verified; their chain, authority and workflow rules were checked again, their signatures not. "
            + (treeSize > signaturesCheckedFrom ? "Entries \(signaturesCheckedFrom) to \(treeSize - 1): form, chain, authority, workflow rules "
                + "and signature checked" : "No entries since it")
    }

    /// The block as label–value lines, in the order every format prints them.
    public var lines: [(String, String)] {
        var out: [(String, String)] = [
            ("origin", origin),
            ("tree size", "\(treeSize) entries"),
            ("root hash (RFC 9162, base64)", rootHash),
            ("head", headSeq.map { "entry \($0), sha256 \(headHash ?? "")" } ?? "none"),
            ("verify", verifyLine),
        ]
        if let c = checkpoint {
            out.append(("checkpoint", "\(c.file), size \(c.size), root \(c.root): \(c.status)"))
        } else {
            out.append(("checkpoint", "none stored; make one with `tierledger checkpoint`"))
        }
        return out
    }
}
