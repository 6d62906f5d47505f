#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LedgerCrypto

extension FileLedger {
    /// The verifier key of this ledger's log key, named after the origin.
    public var logVerifierKey: VerifierKey {
        get throws { try VerifierKey(name: config.origin, kind: .ed25519, publicKey: config.logKey) }
    }

    /// Signs a checkpoint of the current tree with the log key and stores it as
    /// `checkpoints/<size>.checkpoint`, with the tree's frontier beside it (`<size>.frontier`).
    ///
    /// The root is computed from the entries, never from the node cache: from the frontier of the
    /// latest stored checkpoint whose frontier reproduces its own signed root, extended with the
    /// entries appended since (all of them when there is none). The cost is the entries since.
    public func makeCheckpoint(logKey: PrivateKey) throws -> (checkpoint: Checkpoint, note: SignedNote, path: String) {
        guard logKey.publicKey == config.logKey else {
            throw LedgerError.invalidInput("this key (\(logKey.publicKey.id.short)…) is not the ledger's log key "
                + "(\(config.logKey.id.short)…, recorded in entry 0); sign checkpoints with the log key given to `init`")
        }
        var frontier = try latestAnchoredFrontier()
        let file = try openEntries()
        let size = try file.size()
        let start = frontier.size == 0 ? 0 : try index.offset(of: Int64(frontier.size), entries: file, size: size) ?? size
        var reader = try LineReader(file: file, from: start, to: size)
        while let item = try reader.next() {
            guard case let .line(_, bytes) = item else { break }
            frontier.append(MerkleHash.leaf(bytes))
        }
        let checkpoint = Checkpoint(origin: config.origin, size: frontier.size, root: frontier.root)
        let note = try checkpoint.signed(by: logKey)
        if mkdir(paths.checkpoints, 0o750) != 0 && errno != EEXIST {
            throw LedgerError.io(path: paths.checkpoints, operation: "mkdir", errno: errno)
        }
        let base = paths.checkpoints + "/\(frontier.size)"
        try OutputFile.replaceAtomically(base + ".frontier", contents: CanonicalJSON.encode(.object([
            "size": .integer(Int64(frontier.size)),
            "peaks": .array(frontier.peakHashes.map { .string($0.base64) }),
        ])) + [0x0A])
        try OutputFile.replaceAtomically(base + ".checkpoint", contents: Array(note.serialized.utf8))
        return (checkpoint, note, base + ".checkpoint")
    }

    /// The frontier of the largest stored checkpoint that the log key signed and whose stored
    /// frontier gives exactly its root; empty when there is none.
    private func latestAnchoredFrontier() throws -> MerkleFrontier {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.checkpoints)) ?? []
        let sizes = names.compactMap { name -> Int? in
            name.hasSuffix(".checkpoint") ? Int(name.dropLast(".checkpoint".count)) : nil
        }.sorted(by: >)
        let logKey = try logVerifierKey
        let entries = Int(try count())
        for size in sizes where size <= entries {
            let base = paths.checkpoints + "/\(size)"
            guard let noteData = FileManager.default.contents(atPath: base + ".checkpoint"),
                  let signed = try? Checkpoint.verify(note: String(decoding: noteData, as: UTF8.self), logKey: logKey),
                  signed.checkpoint.size == size,
                  let frontierData = FileManager.default.contents(atPath: base + ".frontier"),
                  let json = try? JSONParser.parse([UInt8](frontierData)),
                  json["size"]?.integerValue == Int64(size),
                  let peaks = json["peaks"]?.arrayValue?.compactMap({ $0.stringValue.flatMap(Base64.decode).flatMap(Digest.init(bytes:)) }),
                  let frontier = MerkleFrontier(size: size, peaks: peaks),
                  frontier.root == signed.checkpoint.root
            else { continue }
            return frontier
        }
        return MerkleFrontier()
    }
}
