import LedgerCrypto

/// The first entry that fails verification: where it is, and why.
///
/// Its `code` names the kind of check that failed (`--json`'s `code`); its `errorCode` is always
/// `LDG-018`, an integrity failure.
public struct VerificationFailure: CodedError, Equatable {
    /// What kind of check failed; stable names for scripts (`--json`).
    public enum Code: String, Sendable, CaseIterable {
        case malformed
        case notCanonical = "not-canonical"
        case tooLarge = "too-large"
        case badField = "bad-field"
        case sequence
        case chain
        case time
        case authority
        case signature
        case config
        case incomplete
        case empty
    }

    /// The sequence number the bad entry sits at (its position in the file, counting from 0).
    public let seq: Int64
    /// Byte offset of the bad entry's line in `entries.jsonl`.
    public let offset: Int
    /// Byte offset (in the file) of the first bad byte, where a check can tell; else `offset`.
    public let byteOffset: Int
    public let code: Code
    public let reason: String

    public var description: String {
        "entry \(seq) at byte offset \(offset)" + (byteOffset != offset ? " (first bad byte at \(byteOffset))" : "")
            + ": \(reason)"
    }

    public var errorCode: ErrorCode { .ledgerVerification }
}

/// The result of verifying a whole ledger.
public struct VerificationReport: Sendable {
    public let origin: String
    /// Entries that passed every check (all of them when `failure` is nil).
    public let verifiedEntries: Int64
    /// Bytes of `entries.jsonl` covered by the verified entries.
    public let verifiedBytes: Int
    /// The last entry that passed.
    public let head: ChainHead?
    /// The first failure, or nil when the ledger is intact.
    public let failure: VerificationFailure?
    /// Observations that are not failures (e.g. an append in progress during the run).
    public let notes: [String]
    /// The Merkle root of every entry, computed from the entries themselves (nil on failure).
    public let rootHash: Digest?
    /// Roots of the first n verified entries, for each n asked for in `Verifier.rootsAt`.
    public let rootsAtSizes: [Int: Digest]
    /// The first entry whose signature this run checked: 0, or the size of the anchor the entries
    /// before it matched (`Verifier.anchor`).
    public var signaturesCheckedFrom: Int64 = 0

    public var isIntact: Bool { failure == nil }
}

/// A tree size and root, taken from a checkpoint signed by the log key, that the entries below
/// the size must reproduce for their signatures to be taken as checked.
public struct VerificationAnchor: Sendable, Equatable {
    public let size: Int
    public let root: Digest

    public init(size: Int, root: Digest) {
        self.size = size
        self.root = root
    }
}

/// How far a long verification has come.
public struct VerificationProgress: Sendable {
    public let entries: Int64
    public let bytes: Int
    public let totalBytes: Int
}
