import Foundation

/// Whether a cold `GovernanceService` may start from a checkpoint-bound state snapshot.
public enum SnapshotUse: Sendable, Equatable {
    /// Start from the newest snapshot that checks out, else from entry 0.
    case use
    /// Always replay from entry 0.
    case ignore

    /// The environment variable that turns snapshots off: `TIERLEDGER_SNAPSHOTS=off`.
    public static let environmentVariable = "TIERLEDGER_SNAPSHOTS"

    /// `.ignore` when `TIERLEDGER_SNAPSHOTS` is `off` (or `0`), `.use` otherwise.
    public static var fromEnvironment: SnapshotUse {
        let value = ProcessInfo.processInfo.environment[environmentVariable]?.lowercased()
        return value == "off" || value == "0" ? .ignore : .use
    }
}
