import Ledger
import LedgerCrypto

/// The governance rules, checking on the way the state snapshots that checkpoints bind: after the
/// last entry of each checkpoint given, the snapshot of the state replayed so far is made and
/// hashed, and a hash other than the one the checkpoint signed is recorded as a mismatch. This is
/// what `verify` runs, so a checkpoint whose state hash passes verification vouches for its
/// snapshot as much as for its entries.
public struct SnapshotCheckingState: EntryAuthority {
    /// A checkpoint whose state hash is not the hash of the state replayed to its size.
    public struct Mismatch: Sendable, Equatable {
        /// The checkpoint, as the caller named it (a file, or `checkpoints/<size>.checkpoint`).
        public let label: String
        public let size: Int
        public let signed: Digest
        public let replayed: Digest
    }

    /// A checkpoint to check: its label, size and the state hash it signed.
    public struct Bound: Sendable {
        public let label: String
        public let size: Int
        public let stateHash: Digest

        public init(label: String, size: Int, stateHash: Digest) {
            self.label = label
            self.size = size
            self.stateHash = stateHash
        }
    }

    public private(set) var state: GovernanceState
    public private(set) var mismatches: [Mismatch] = []
    /// The checkpoints checked so far, matching or not.
    public private(set) var checked: [String] = []
    private let bound: [Int64: [Bound]]

    public init(_ state: GovernanceState = GovernanceState(), checking checkpoints: [Bound]) {
        self.state = state
        bound = Dictionary(grouping: checkpoints.filter { $0.size > 0 }, by: { Int64($0.size) - 1 })
    }

    public func signingKey(for entry: Entry) throws(AuthorityViolation) -> PublicKey {
        try state.signingKey(for: entry)
    }

    public mutating func admit(_ entry: Entry) throws(AuthorityViolation) {
        try admit(entry, lineHash: entry.hash)
    }

    public mutating func admit(_ entry: Entry, lineHash: Digest) throws(AuthorityViolation) {
        try state.admit(entry, lineHash: lineHash)
        guard let due = bound[entry.seq] else { return }
        let replayed = Digest.of(GovernanceSnapshot(state: state, seq: entry.seq, hash: lineHash, time: entry.time).bytes)
        for checkpoint in due {
            checked.append(checkpoint.label)
            if checkpoint.stateHash != replayed {
                mismatches.append(Mismatch(label: checkpoint.label, size: checkpoint.size, signed: checkpoint.stateHash, replayed: replayed))
            }
        }
    }
}
