import Foundation
import Governance
import Ledger
import LedgerCrypto

/// The block that ends every report: which log, how large, its Merkle root, whether `verify`
/// passed over it, and the latest stored checkpoint with the status of its signature and of its
/// root against the entries. A reader can check each figure with `tierledger verify` and
/// `tierledger checkpoint verify`, or by hand (docs/format.md).
public struct Attestation: Sendable {
    public struct CheckpointStatus: Sendable {
        public let file: String
        public let size: Int
        public let root: String
        /// `verified` (signed by the log key and its root matches the entries), or why not.
        public let status: String
    }

    public let origin: String
    public let treeSize: Int64
    public let rootHash: String
    public let headSeq: Int64?
    public let headHash: String?
    public let intact: Bool
    /// The first failure `verify` found, when it found one.
    public let failure: String?
    public let checkpoint: CheckpointStatus?

    /// Runs the full verifier (all checks, all cores) and reads the latest stored checkpoint.
    public static func make(_ ledger: FileLedger, progress: ((VerificationProgress) -> Void)? = nil) throws -> Attestation {
        let logKey = try ledger.logVerifierKey
        var latest: (file: String, checkpoint: Checkpoint?, problem: String?)?
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ledger.paths.checkpoints)) ?? []
        let sizes = names.compactMap { name -> Int? in name.hasSuffix(".checkpoint") ? Int(name.dropLast(".checkpoint".count)) : nil }
        if let size = sizes.max() {
            let file = "checkpoints/\(size).checkpoint"
            do {
                let text = try String(contentsOfFile: ledger.paths.checkpoints + "/\(size).checkpoint", encoding: .utf8)
                latest = (file, try Checkpoint.verify(note: text, logKey: logKey).checkpoint, nil)
            } catch {
                latest = (file, nil, "signature not valid for the log key: \(error)")
            }
        }
        var verifier = Verifier(authority: GovernanceState())
        verifier.progress = progress
        if let size = latest?.checkpoint?.size { verifier.rootsAt = [size] }
        let report = try verifier.verify(ledger).report

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
                           checkpoint: status)
    }

    public var json: JSONValue {
        .object([
            "origin": .string(origin), "tree_size": .integer(treeSize), "root_hash": .string(rootHash),
            "head_seq": headSeq.map { .integer($0) } ?? .null, "head_hash": headHash.map { .string($0) } ?? .null,
            "verify": .object(["intact": .bool(intact), "failure": failure.map { .string($0) } ?? .null]),
            "checkpoint": checkpoint.map { c in
                .object(["file": .string(c.file), "size": .integer(Int64(c.size)), "root_hash": .string(c.root), "status": .string(c.status)])
            } ?? .null,
        ])
    }

    /// The block as label–value lines, in the order every format prints them.
    public var lines: [(String, String)] {
        var out: [(String, String)] = [
            ("origin", origin),
            ("tree size", "\(treeSize) entries"),
            ("root hash (RFC 9162, base64)", rootHash),
            ("head", headSeq.map { "entry \($0), sha256 \(headHash ?? "")" } ?? "none"),
            ("verify", intact ? "intact: every entry's form, chain, authority, workflow rules and signature checked" : "FAILED: \(failure ?? "")"),
        ]
        if let c = checkpoint {
            out.append(("checkpoint", "\(c.file), size \(c.size), root \(c.root): \(c.status)"))
        } else {
            out.append(("checkpoint", "none stored; make one with `tierledger checkpoint`"))
        }
        return out
    }
}
