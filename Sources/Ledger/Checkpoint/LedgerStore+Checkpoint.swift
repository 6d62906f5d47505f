#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LedgerCrypto

extension LedgerStore {
    /// The verifier key of this ledger's log key, named after the origin.
    public var logVerifierKey: VerifierKey {
        get throws { try VerifierKey(name: config.origin, kind: .ed25519, publicKey: config.logKey) }
    }

    /// Verifies the ledger with `authority`, then signs a checkpoint of the verified entries with the
    /// log key and stores it as `checkpoints/<size>.checkpoint`.
    ///
    /// A checkpoint is the log key's word that its entries verified, byte for byte, so that a later
    /// check may lean on it (`Verifier.anchor`). The verification is itself anchored on the
    /// largest checkpoint stored before: the entries below it must reproduce its root, and only the
    /// entries since have their signatures checked. The root signed is the one computed from the
    /// entries by that verification, never the node cache. Nothing is signed when an entry fails, or
    /// when the ledger no longer extends the stored checkpoint (truncated or rewritten).
    ///
    /// With `checkingEverySignature`, nothing is taken on an earlier checkpoint's word: every
    /// signature is checked, as `tierledger verify` does, and the new checkpoint rests on that alone.
    ///
    /// With `snapshot`, and a store that keeps snapshots (`SnapshotStore`), the bytes it makes of
    /// the authority's state after the last verified entry are stored first, and their SHA-256 is
    /// signed with the checkpoint as an extension line (`Checkpoint.stateHash`).
    public func makeCheckpoint<Authority: EntryAuthority>(logKey: PrivateKey, authority: Authority,
                                                          checkingEverySignature: Bool = false, clock: EntryTime = .now(),
                                                          snapshot: ((Authority, ChainHead) throws -> [UInt8])? = nil,
                                                          progress: ((VerificationProgress) -> Void)? = nil) throws
        -> (checkpoint: Checkpoint, note: SignedNote, path: String, report: VerificationReport) {
        guard logKey.publicKey == config.logKey else {
            throw LedgerError.invalidInput("this key (\(logKey.publicKey.id.short)…) is not the ledger's log key "
                + "(\(config.logKey.id.short)…, recorded in entry 0); sign checkpoints with the log key given to `init`")
        }
        let previous = try latestSignedCheckpoint()
        var verifier = Verifier(authority: authority, progress: progress)
        verifier.clock = clock
        if let previous {
            if !checkingEverySignature { verifier.anchor = VerificationAnchor(size: previous.size, root: previous.root) }
            verifier.rootsAt = [previous.size]
        }
        let (report, state) = try verifier.verify(self)
        if let failure = report.failure {
            throw LedgerError.checkpoint("nothing signed: entry \(failure.seq) (byte \(failure.byteOffset)) fails verification "
                + "(\(failure.code.rawValue): \(failure.reason)). A checkpoint vouches only for entries that verify; "
                + "`tierledger verify` shows the damage, and a copy of the ledger that verifies can replace this one")
        }
        if let previous {
            let file = "checkpoints/\(previous.size).checkpoint"
            if report.verifiedEntries < Int64(previous.size) {
                throw LedgerError.checkpoint("nothing signed: the ledger has \(report.verifiedEntries) entries but \(file), "
                    + "signed by the log key, covers \(previous.size): entries were removed since. Restore the ledger from a copy "
                    + "that `tierledger verify --checkpoint \(file)` finds consistent")
            }
            if report.rootsAtSizes[previous.size] != previous.root {
                throw LedgerError.checkpoint("nothing signed: the first \(previous.size) entries no longer hash to the root \(file) "
                    + "signed: they were rewritten since. Restore the ledger from a copy that `tierledger verify --checkpoint \(file)` "
                    + "finds consistent")
            }
        }
        guard let root = report.rootHash else {
            throw LedgerError.checkpoint("nothing signed: the verification gave no root")
        }
        let size = Int(report.verifiedEntries)
        var extensions: [String] = []
        if let snapshot, let store = self as? any SnapshotStore, let head = report.head {
            let bytes = try snapshot(state, head)
            _ = try store.saveSnapshot(bytes, size: size)
            extensions.append(Checkpoint.stateExtension(Digest.of(bytes)))
        }
        let checkpoint = Checkpoint(origin: config.origin, size: size, root: root, extensions: extensions)
        let note = try checkpoint.signed(by: logKey)
        let path = try saveCheckpoint(Array(note.serialized.utf8), size: size)
        return (checkpoint, note, path, report)
    }

    /// The checkpoint of the largest size stored in `checkpoints/` (at most `limit`, when given) whose
    /// log signature verifies; nil when there is none. Files that do not verify are passed over,
    /// never trusted.
    public func latestSignedCheckpoint(atMost limit: Int? = nil) throws -> Checkpoint? {
        let logKey = try logVerifierKey
        for saved in try savedCheckpoints() where limit.map({ saved.size <= $0 }) ?? true {
            guard let signed = try? Checkpoint.verify(note: String(decoding: saved.note, as: UTF8.self), logKey: logKey),
                  signed.checkpoint.size == saved.size
            else { continue }
            return signed.checkpoint
        }
        return nil
    }
}
