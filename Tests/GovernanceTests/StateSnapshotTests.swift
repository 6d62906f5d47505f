import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Samples
import Testing
import TestSupport

/// State snapshots bound to checkpoints: the same bytes as a replay, used by a cold service only
/// when every check passes, and checked by `verify`.
@Suite struct StateSnapshotTests {
    /// The sample's demo keys derive from its seed; the log key is the admin's.
    static func sample() throws -> SampleLedger {
        SampleLedger(seed: 2026, policy: try PolicySet.load(directory: PolicyCheckTests.directory))
    }

    /// A copy of ledger-samples/acme/ledger in a fresh directory.
    static func sampleCopy(_ directory: TemporaryDirectory) throws -> FileLedger {
        try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/ledger-samples/acme/ledger", toPath: directory.file("ledger"))
        return try FileLedger.open(directory.file("ledger"))
    }

    /// A generated sample ledger of a few customers.
    static func generated(_ directory: TemporaryDirectory, seed: UInt64) throws -> (ledger: FileLedger, sample: SampleLedger) {
        var sample = SampleLedger(seed: seed, policy: try PolicySet.load(directory: PolicyCheckTests.directory))
        sample.customers = 12
        try sample.generate(into: directory.path, store: FileLedger.Factory(directory: directory.file("ledger")))
        return (try FileLedger.open(directory.file("ledger")), sample)
    }

    /// The bytes of a state alone (under a fixed head), to compare two states.
    static func stateBytes(_ state: GovernanceState) throws -> [UInt8] {
        GovernanceSnapshot(state: state, seq: 0, hash: .zero, time: try #require(EntryTime(milliseconds: 0))).bytes
    }

    /// The snapshots of the replayed state right after each of `seqs`.
    static func replayedSnapshots(_ store: any LedgerStore, at seqs: Set<Int64>) throws -> [Int64: [UInt8]] {
        var out: [Int64: [UInt8]] = [:]
        _ = try GovernanceReplay.walk(store, didAdmit: { stored, state in
            guard seqs.contains(stored.entry.seq) else { return }
            let head = ChainHeadParts(seq: stored.entry.seq, hash: stored.hash, time: stored.entry.time)
            out[stored.entry.seq] = GovernanceSnapshot(state: state, seq: head.seq, hash: head.hash, time: head.time).bytes
        })
        return out
    }

    struct ChainHeadParts {
        let seq: Int64
        let hash: Digest
        let time: EntryTime
    }

    /// Stores `bytes` as the snapshot of the checkpoint of `size` entries and re-signs that stored
    /// checkpoint with `signer`, binding `hash` (by default the bytes' own).
    static func bind(_ bytes: [UInt8], size: Int, in ledger: FileLedger, signer: PrivateKey, hash: Digest? = nil) throws {
        let saved = try #require(try ledger.savedCheckpoints().first { $0.size == size })
        let old = try Checkpoint(body: SignedNote(parsing: String(decoding: saved.note, as: UTF8.self)).text)
        _ = try ledger.saveSnapshot(bytes, size: size)
        let bound = Checkpoint(origin: old.origin, size: size, root: old.root, extensions: [Checkpoint.stateExtension(hash ?? Digest.of(bytes))])
        _ = try ledger.saveCheckpoint(Array(try bound.signed(by: signer).serialized.utf8), size: size)
    }

    @Test func snapshotsOfTheSampleRoundTripAndCatchUpToTheFullReplay() throws {
        let directory = try TemporaryDirectory("snapshot-sample")
        let ledger = try Self.sampleCopy(directory)
        let logKey = try Self.sample().key("admin")
        let sizes = try ledger.savedCheckpoints().map(\.size).sorted()
        #expect(sizes == [267, 738, 1489, 2263])
        let snapshots = try Self.replayedSnapshots(ledger, at: Set(sizes.map { Int64($0) - 1 }))
        // Deterministic: a second replay gives the same bytes; decoding and encoding again too.
        #expect(try Self.replayedSnapshots(ledger, at: Set(sizes.map { Int64($0) - 1 })) == snapshots)
        for (seq, bytes) in snapshots {
            let decoded = try GovernanceSnapshot(decoding: bytes)
            #expect(decoded.seq == seq)
            #expect(decoded.bytes == bytes)
        }
        let full = try Self.stateBytes(GovernanceReplay.state(of: ledger))
        for size in sizes {
            try Self.bind(try #require(snapshots[Int64(size) - 1]), size: size, in: ledger, signer: logKey)
        }
        // A cold service starts from the newest snapshot and catches up to the same state as a replay.
        for size in sizes.reversed() {
            let service = GovernanceService(store: try FileLedger.open(directory.file("ledger")), snapshots: .use)
            #expect(try Self.stateBytes(service.state()) == full)
            #expect(service.snapshotStart == Int64(size) - 1)
            try FileManager.default.removeItem(atPath: ledger.paths.snapshots + "/\(size).state")
        }
        let replayed = GovernanceService(store: ledger, snapshots: .use)
        #expect(try Self.stateBytes(replayed.state()) == full)
        #expect(replayed.snapshotStart == nil)
    }

    @Test func aCheckpointBindsTheStateItVerifiedAndAColdServiceDecidesAsAReplayDoes() throws {
        let directory = try TemporaryDirectory("snapshot-generated")
        let (ledger, sample) = try Self.generated(directory, seed: 7)
        let logKey = try sample.key("admin")
        let made = try ledger.makeCheckpoint(logKey: logKey, authority: GovernanceState(),
                                             snapshot: { state, head in GovernanceSnapshot(state: state, head: head).bytes })
        let bytes = try #require(try ledger.snapshot(size: made.checkpoint.size))
        #expect(made.checkpoint.stateHash == Digest.of(bytes))
        #expect(try GovernanceSnapshot(decoding: bytes).bytes == (try Self.replayedSnapshots(ledger, at: [Int64(made.checkpoint.size) - 1]))[Int64(made.checkpoint.size) - 1])

        // Two copies of the ledger: one served from the snapshot, one replayed from entry 0.
        let other = try TemporaryDirectory("snapshot-generated-copy")
        try FileManager.default.copyItem(atPath: directory.file("ledger"), toPath: other.file("ledger"))
        let fromSnapshot = GovernanceService(store: ledger, snapshots: .use)
        let fromZero = GovernanceService(store: try FileLedger.open(other.file("ledger")), snapshots: .ignore)
        #expect(try Self.stateBytes(fromSnapshot.state()) == Self.stateBytes(fromZero.state()))
        #expect(fromSnapshot.snapshotStart == Int64(made.checkpoint.size) - 1)
        #expect(fromZero.snapshotStart == nil)

        // A new request on both, then every principal tries every decision on it, step by step: the
        // same outcomes, and the same states.
        let head = try #require(try ledger.head())
        var time = head.time.milliseconds
        let principals = try fromZero.state().principals
        func signing(_ name: String) throws -> GovernanceService.Signing {
            time += 60_000
            // A rotated principal signs with its `-2` demo key.
            let current = principals[name]?.currentKey?.key.id
            let key = try [name, name + "-2"].map { try sample.key($0) }.first { $0.publicKey.id == current } ?? sample.key(name)
            return GovernanceService.Signing(key: key, time: try #require(EntryTime(milliseconds: time)), future: .allowed)
        }
        func say(_ result: Result<Int64, any Error>) -> String { (try? result.get()).map { "wrote \($0)" } ?? "refused" }
        let params: JSONValue = ["customer": "snapshot-co", "tier": "business", "seats": 40, "term_months": 24, "discount_bp": 2500]
        let proposal = try signing("ops")
        let proposedA = Result { try fromSnapshot.propose(.issue, license: "SNAP-1", params: params, reason: "new logo", proposal).entry.entry.seq }
        let proposedB = Result { try fromZero.propose(.issue, license: "SNAP-1", params: params, reason: "new logo", proposal).entry.entry.seq }
        #expect(say(proposedA) == say(proposedB))
        let seq = try proposedA.get()
        var outcomes: [String] = []
        for _ in 0..<4 {
            for (name, _) in SampleLedger.principals {
                let s = try signing(name)
                let a = Result { try fromSnapshot.approve(seq, s).entry.entry.seq }
                let b = Result { try fromZero.approve(seq, s).entry.entry.seq }
                #expect(say(a) == say(b), "CR-\(seq) by \(name)")
                outcomes.append(say(a))
            }
        }
        // The deep-discount rule forbids the proposer to apply it, on both: the snapshot keeps the routing whole.
        let byProposer = try signing("ops")
        #expect(say(Result { try fromSnapshot.apply(seq, byProposer).entry.entry.seq }) == "refused")
        #expect(say(Result { try fromZero.apply(seq, byProposer).entry.entry.seq }) == "refused")
        let apply = try signing("admin")
        #expect(say(Result { try fromSnapshot.apply(seq, apply).entry.entry.seq }) == say(Result { try fromZero.apply(seq, apply).entry.entry.seq }))
        #expect(outcomes.contains { $0.hasPrefix("wrote") })
        #expect(outcomes.contains("refused"))
        #expect(try fromZero.state().licenses["SNAP-1"] != nil)
        #expect(try Self.stateBytes(fromSnapshot.state()) == Self.stateBytes(fromZero.state()))
    }

    @Test func aSnapshotThatDoesNotCheckOutIsNeverUsed() throws {
        let directory = try TemporaryDirectory("snapshot-refused")
        let (ledger, sample) = try Self.generated(directory, seed: 3)
        let logKey = try sample.key("admin")
        let made = try ledger.makeCheckpoint(logKey: logKey, authority: GovernanceState(),
                                             snapshot: { state, head in GovernanceSnapshot(state: state, head: head).bytes })
        let size = made.checkpoint.size
        let good = try #require(try ledger.snapshot(size: size))
        let full = try Self.stateBytes(GovernanceReplay.state(of: ledger))
        func start() throws -> Int64? {
            let service = GovernanceService(store: try FileLedger.open(directory.file("ledger")), snapshots: .use)
            #expect(try Self.stateBytes(service.state()) == full)
            return service.snapshotStart
        }
        #expect(try start() == Int64(size) - 1)
        // Snapshots switched off.
        let off = GovernanceService(store: ledger, snapshots: .ignore)
        _ = try off.state()
        #expect(off.snapshotStart == nil)

        // A changed byte: the hash is not the one signed.
        var tampered = good
        let at = try #require(tampered.firstIndex(of: UInt8(ascii: "5")))
        tampered[at] = UInt8(ascii: "6")
        _ = try ledger.saveSnapshot(tampered, size: size)
        #expect(try start() == nil)

        // Signed by a key that is not the log key.
        try Self.bind(good, size: size, in: ledger, signer: try PrivateKey.generate(.ed25519))
        #expect(try start() == nil)

        // A snapshot whose head is not the entry at its seq, though the log key signed its hash.
        let head = try #require(try ledger.head())
        let off1 = GovernanceSnapshot(state: try GovernanceSnapshot(decoding: good).state, seq: head.seq, hash: Digest.of(Array("other".utf8)), time: head.time)
        try Self.bind(off1.bytes, size: size, in: ledger, signer: logKey)
        #expect(try start() == nil)

        // Another format version.
        let text = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "{\"format\":1,", with: "{\"format\":2,")
        try Self.bind(Array(text.utf8), size: size, in: ledger, signer: logKey)
        #expect(try start() == nil)

        // Not a snapshot at all.
        try Self.bind(Array("{}".utf8), size: size, in: ledger, signer: logKey)
        #expect(try start() == nil)

        // The good one again, bound by the log key: used.
        try Self.bind(good, size: size, in: ledger, signer: logKey)
        #expect(try start() == Int64(size) - 1)
    }

    @Test func verifyFlagsACheckpointWhoseStateHashIsNotTheReplayedState() throws {
        let directory = try TemporaryDirectory("snapshot-verify")
        let (ledger, sample) = try Self.generated(directory, seed: 5)
        let made = try ledger.makeCheckpoint(logKey: try sample.key("admin"), authority: GovernanceState(),
                                             snapshot: { state, head in GovernanceSnapshot(state: state, head: head).bytes })
        let size = made.checkpoint.size
        let right = try #require(made.checkpoint.stateHash)
        let wrong = Digest.of(Array("not the state".utf8))
        let bound = [SnapshotCheckingState.Bound(label: "right", size: size, stateHash: right),
                     SnapshotCheckingState.Bound(label: "wrong", size: size, stateHash: wrong)]
        let (report, checking) = try Verifier(authority: SnapshotCheckingState(checking: bound)).verify(ledger)
        #expect(report.isIntact)
        #expect(checking.checked == ["right", "wrong"])
        #expect(checking.mismatches.map(\.label) == ["wrong"])
        #expect(checking.mismatches.first?.replayed == right)
    }
}
