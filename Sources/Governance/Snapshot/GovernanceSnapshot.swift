import Ledger

/// The governance state after one entry, in bytes that two replays of the same ledger write alike
/// (docs/format.md §14): `{"format":1,"head":{"hash","seq","time"},"state":{…}}` in RFC 8785
/// canonical JSON. A checkpoint of `head.seq + 1` entries binds it by its SHA-256
/// (`Checkpoint.stateHash`), so the log key vouches for it; a process may then start from it
/// instead of entry 0, once the entry at `head.seq` still hashes to `head.hash`.
public struct GovernanceSnapshot: Sendable {
    /// The version of the bytes; a snapshot of another version is never read.
    public static let format: Int64 = 1

    /// The entry the state was built on: its sequence number, the SHA-256 of its line, its time.
    public let seq: Int64
    public let hash: Digest
    public let time: EntryTime
    public let state: GovernanceState

    /// The snapshot of `state` after entry `seq`, whose line hashes to `hash` and whose time is `time`.
    public init(state: GovernanceState, seq: Int64, hash: Digest, time: EntryTime) {
        self.state = state
        self.seq = seq
        self.hash = hash
        self.time = time
    }

    /// The snapshot of `state` after `head`.
    public init(state: GovernanceState, head: ChainHead) {
        self.init(state: state, seq: head.seq, hash: head.hash, time: head.time)
    }

    /// The canonical bytes.
    public var bytes: [UInt8] {
        CanonicalJSON.encode(.object([
            "format": .integer(GovernanceSnapshot.format),
            "head": .object(["seq": .integer(seq), "hash": .string(hash.hex), "time": time.snapshotJSON]),
            "state": state.snapshotJSON,
        ]))
    }

    /// Reads snapshot bytes; throws on anything but a snapshot of this format whose state is whole.
    public init(decoding bytes: [UInt8]) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: 256)
        } catch {
            throw SnapshotFields.fail("not JSON: \(error)")
        }
        let f = try SnapshotFields(value, "snapshot")
        guard try f.integer("format") == GovernanceSnapshot.format else {
            throw SnapshotFields.fail("format \(try f.integer("format")), not \(GovernanceSnapshot.format)")
        }
        let head = try SnapshotFields(f.value("head"), "head")
        let state = try GovernanceState(snapshot: f.value("state"))
        let seq = try head.integer("seq")
        guard state.lastSeq == seq else { throw SnapshotFields.fail("the state's last entry \(state.lastSeq) is not the head \(seq)") }
        self.init(state: state, seq: seq, hash: try head.digest("hash"), time: try head.time("time"))
    }
}
