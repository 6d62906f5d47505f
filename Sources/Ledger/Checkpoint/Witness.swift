import Foundation
import LedgerCrypto

/// What a witness remembers: for each log origin, the largest checkpoint it cosigned. Kept in a
/// small JSON file the witness owns: `{"<origin>":{"root":"<base64>","size":<n>},…}`.
public struct WitnessState: Sendable {
    public private(set) var latest: [String: (size: Int, root: Digest)] = [:]

    public init() {}

    /// Loads the state file, or an empty state when it does not exist yet.
    public static func load(_ path: String) throws -> WitnessState {
        guard FileManager.default.fileExists(atPath: path) else { return WitnessState() }
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            throw LedgerError.invalidInput("\(path): cannot read the witness state file")
        }
        var state = WitnessState()
        do {
            guard case let .object(origins) = try JSONParser.parse([UInt8](data)) else { throw LedgerError.invalidInput("not an object") }
            for (origin, value) in origins {
                guard let size = value["size"]?.integerValue, let text = value["root"]?.stringValue,
                      let bytes = Base64.decode(text), let root = Digest(bytes: bytes)
                else { throw LedgerError.invalidInput("origin \(origin): needs size and base64 root") }
                state.latest[origin] = (Int(size), root)
            }
        } catch {
            throw LedgerError.invalidInput("\(path): not a witness state file (\(error)); restore it from a backup, "
                + "never delete it: it is what stops this witness from cosigning a rolled-back log")
        }
        return state
    }

    /// Writes the state durably: a temporary file, fsync, rename.
    public func save(_ path: String) throws {
        var members: [String: JSONValue] = [:]
        for (origin, head) in latest {
            members[origin] = .object(["size": .integer(Int64(head.size)), "root": .string(head.root.base64)])
        }
        try OutputFile.replaceAtomically(path, contents: CanonicalJSON.encode(.object(members)) + [0x0A])
    }

    mutating func record(_ checkpoint: Checkpoint) {
        latest[checkpoint.origin] = (checkpoint.size, checkpoint.root)
    }
}

/// A witness: cosigns a checkpoint only when it is consistent with everything it cosigned before.
public enum Witness {
    /// Verifies `note` with the log's key, checks it against `state` (with `proof` when the tree
    /// grew), cosigns it, and records it in `state`.
    ///
    /// Refuses a smaller tree than the last one cosigned (a rollback), a different root at the same
    /// size, and growth without a valid consistency proof from the last cosigned root.
    public static func cosign(
        note: String, logKey: VerifierKey, witnessKey: PrivateKey, name: String, state: inout WitnessState,
        proof: ConsistencyProof?, timestamp: UInt64
    ) throws -> SignedNote {
        let verified = try Checkpoint.verify(note: note, logKey: logKey)
        let checkpoint = verified.checkpoint
        if let last = state.latest[checkpoint.origin] {
            if checkpoint.size < last.size {
                throw LedgerError.checkpoint("refused: this witness already cosigned size \(last.size) of \(checkpoint.origin); "
                    + "a checkpoint of size \(checkpoint.size) would roll the log back")
            }
            if checkpoint.size == last.size, checkpoint.root != last.root {
                throw LedgerError.checkpoint("refused: this witness cosigned size \(last.size) with root \(last.root.base64); "
                    + "this checkpoint gives the same size another root: the log equivocated")
            }
            if checkpoint.size > last.size, last.size > 0 {
                guard let proof else {
                    throw LedgerError.checkpoint("a consistency proof from size \(last.size) to \(checkpoint.size) is needed: "
                        + "give --proof FILE (from `tierledger proof consistency \(last.size) \(checkpoint.size) --json`) or --ledger DIR")
                }
                guard proof.firstSize == last.size, proof.secondSize == checkpoint.size,
                      proof.firstRoot == last.root, proof.secondRoot == checkpoint.root
                else {
                    throw LedgerError.checkpoint("refused: the consistency proof does not connect the last cosigned checkpoint "
                        + "(size \(last.size)) to this one (size \(checkpoint.size)): the log's history changed")
                }
                try proof.verify()
            }
        }
        let cosigned = try Cosignature.add(to: verified.note, key: witnessKey, name: name, timestamp: timestamp)
        state.record(checkpoint)
        return cosigned
    }
}
