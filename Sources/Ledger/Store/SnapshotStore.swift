/// A store that also keeps state snapshots beside its checkpoints: an optional capability, apart
/// from `LedgerStore`, so that a store without it still serves every command (a process then
/// replays from entry 0).
///
/// A snapshot is opaque bytes to the store, kept under the size of the checkpoint that binds it
/// (its SHA-256 is the checkpoint's `Checkpoint.stateHash`). Snapshots are never trusted by
/// themselves: a reader checks the hash against a checkpoint whose log signature verifies, and
/// the chain head the snapshot names against the entries.
public protocol SnapshotStore: LedgerStore {
    /// Keeps the snapshot bound to the checkpoint of `size` entries (replacing one of that size),
    /// written whole or not at all; returns where it is, for messages.
    func saveSnapshot(_ bytes: [UInt8], size: Int) throws -> String
    /// The snapshot kept for the checkpoint of `size` entries, or nil when there is none.
    func snapshot(size: Int) throws -> [UInt8]?
}
