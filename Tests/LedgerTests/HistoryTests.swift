import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A checkpoint held outside the writer's control closes what the hash chain alone cannot:
/// truncation, and a consistent rewrite by someone holding every key.
@Suite struct HistoryTests {
    func verify(_ fixture: LedgerFixture, against checkpoints: [Checkpoint]) throws -> (VerificationReport, [CheckpointFinding]) {
        var verifier = Verifier(authority: KeyRegistry())
        verifier.rootsAt = Set(checkpoints.map(\.size))
        let report = try verifier.verify(FileLedger.open(fixture.path)).report
        return (report, HistoryCheck.check(checkpoints.enumerated().map { ("cp\($0.offset)", $0.element) }, against: report))
    }

    @Test func treeHeadMatchesAnIndependentComputation() throws {
        let fixture = try LedgerFixture(notes: 30)
        let lines = try fixture.lines()
        let tree = InMemoryMerkleTree(leaves: lines.map { MerkleHash.leaf($0) })
        for size in [1, 2, 7, 16, 31, 32] {
            #expect(try fixture.ledger.treeHead(size: size).root == MerkleProofs.root(size: size, in: tree))
        }
        let proof = try fixture.ledger.inclusionProof(seq: 13, size: 20)
        try proof.verify(leaf: lines[13])
        #expect(proof.rootHash == (try MerkleProofs.root(size: 20, in: tree)))
        let consistency = try fixture.ledger.consistencyProof(from: 9, to: 32)
        try consistency.verify()
        // Documents round-trip through their JSON.
        #expect(try InclusionProof(json: JSONParser.parse(CanonicalJSON.encode(proof.json))) == proof)
        #expect(try ConsistencyProof(json: JSONParser.parse(CanonicalJSON.encode(consistency.json))) == consistency)
    }

    @Test func truncationBehindAHeldCheckpointFails() throws {
        let fixture = try LedgerFixture(notes: 10)
        let held = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry()).checkpoint
        #expect(held.size == 12)
        #expect(try verify(fixture, against: [held]).1.map(\.status) == [.consistent])
        // Cut the last three entries: the rest still verifies on its own...
        let lines = try fixture.lines()
        try fixture.write(lines: Array(lines.prefix(9)))
        let (report, findings) = try verify(fixture, against: [held])
        #expect(report.isIntact)
        // ...but not against the checkpoint.
        #expect(findings.map(\.status) == [.truncated])
        #expect(findings.first?.reason.contains("entries 9 to 11 were removed") == true)
    }

    @Test func aConsistentRewriteWithAllTheKeysFails() throws {
        let fixture = try LedgerFixture(notes: 10)
        let held = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry()).checkpoint
        // The writer holds every key: change entry 5 and re-sign and re-chain everything after it.
        var lines = Array(try fixture.lines().prefix(5))
        var prev = Digest.of(lines[4])
        for seq in 5..<12 {
            let entry = try Entry.signed(seq: Int64(seq), time: fixture.at(Int64(seq)), prev: prev, type: "note.text",
                                         body: ["text": .string(seq == 5 ? "a quietly different story" : "note \(seq)")], by: fixture.admin)
            lines.append(entry.canonicalBytes)
            prev = entry.hash
        }
        try fixture.write(lines: lines)
        let (report, findings) = try verify(fixture, against: [held])
        #expect(report.isIntact, "the rewrite is internally consistent: the chain alone cannot see it")
        #expect(findings.map(\.status) == [.rewritten])
    }

    @Test func twoCheckpointsThatCannotBothBeTrueAreEquivocation() throws {
        let fixture = try LedgerFixture(notes: 4)
        let honest = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry()).checkpoint
        let forkedRoot = Checkpoint(origin: honest.origin, size: honest.size, root: Digest.of(Array("another history".utf8)))
        let findings = try verify(fixture, against: [honest, forkedRoot]).1
        #expect(findings.map(\.status) == [.consistent, .rewritten, .equivocation])
    }

    @Test(arguments: [9, 10])
    func aLyingNodeCacheIsDetectedAndRebuilt(leaf: Int) throws {
        let fixture = try LedgerFixture(notes: 20)
        let truth = try fixture.ledger.treeHead().root
        let levelZero = fixture.ledger.paths.merkle + "/level-00.bin"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: levelZero)))
        var bytes = original
        bytes[32 * leaf] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: levelZero))
        // verify computes the root from the entries, notices the cache disagrees (whether or not its
        // sampled checks caught the bad leaf) and rebuilds it.
        let report = try fixture.verify()
        #expect(report.isIntact)
        #expect(report.rootHash == truth)
        #expect(report.notes.contains { $0.contains("rebuilt") })
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: levelZero))) == original)
        #expect(try fixture.ledger.treeHead().root == truth)
        // A checkpoint never rests on the cache: its root comes from the entries, and the
        // verification before it repairs the cache too.
        try Data(bytes).write(to: URL(fileURLWithPath: levelZero))
        let made = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        #expect(made.checkpoint.root == truth)
        #expect(made.report.notes.contains { $0.contains("rebuilt") })
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: levelZero))) == original)
        // A missing cache is rebuilt by the next write.
        try FileManager.default.removeItem(atPath: fixture.ledger.paths.merkle)
        try fixture.appendNote(99)
        #expect(FileManager.default.fileExists(atPath: levelZero))
        #expect(try fixture.verify().rootHash == (try fixture.ledger.treeHead().root))
    }

    @Test func aCheckpointLeansOnTheLastOneAndSignsTheEntriesRoot() throws {
        let fixture = try LedgerFixture(notes: 5)
        let first = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        #expect(first.report.signaturesCheckedFrom == 0)
        for i in 5..<12 { try fixture.appendNote(i) }
        let second = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        // Only the entries since the first checkpoint had their signatures checked again.
        #expect(second.report.signaturesCheckedFrom == Int64(first.checkpoint.size))
        let tree = InMemoryMerkleTree(leaves: try fixture.lines().map { MerkleHash.leaf($0) })
        #expect(second.checkpoint.root == (try MerkleProofs.root(size: second.checkpoint.size, in: tree)))
        // A file in checkpoints/ that the log key did not sign is no anchor.
        try "forged\n".write(toFile: fixture.ledger.paths.checkpoints + "/99.checkpoint", atomically: false, encoding: .utf8)
        #expect(try fixture.ledger.latestSignedCheckpoint() == second.checkpoint)
        #expect(throws: LedgerError.self) { try fixture.ledger.makeCheckpoint(logKey: fixture.bob, authority: KeyRegistry()) }
    }

    /// A checkpoint leans on the last one's word; `checkingEverySignature` takes nothing on it. Here
    /// the log key vouched for an entry whose signature fails (as a checkpoint signed without
    /// verifying would): leaning on it passes the damage on, checking every signature refuses.
    @Test func aCheckpointCheckingEverySignatureTakesNoEarlierWord() throws {
        let fixture = try LedgerFixture(notes: 6)
        let last = try VouchedDamage.make(ledger: fixture.path, logKey: fixture.admin)
        try fixture.appendNote(6)

        var message = ""
        #expect {
            _ = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry(), checkingEverySignature: true)
        } throws: { error in
            message = "\(error)"
            guard case .checkpoint = error as? LedgerError else { return false }
            return true
        }
        #expect(message.contains("entry \(last) ") && message.contains("signature"), "\(message)")
        let leaning = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        #expect(leaning.report.signaturesCheckedFrom == Int64(last + 1))
        #expect(leaning.checkpoint.size == last + 2)
    }

    /// A checkpoint is the log key's word that its entries verified: nothing is signed over damage,
    /// whether it lies after the last checkpoint or beneath it.
    @Test func nothingIsSignedOverEntriesThatFail() throws {
        let fixture = try LedgerFixture(notes: 6)
        let held = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry()).checkpoint
        for i in 6..<10 { try fixture.appendNote(i) }
        let honest = try fixture.lines()
        func refusal(_ mutate: (inout [[UInt8]]) -> Void) throws -> String {
            var lines = honest
            mutate(&lines)
            try fixture.write(lines: lines)
            defer { try? fixture.write(lines: honest) }
            let before = try FileManager.default.contentsOfDirectory(atPath: fixture.ledger.paths.checkpoints).sorted()
            var message = ""
            #expect {
                _ = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
            } throws: { error in
                message = "\(error)"
                guard case .checkpoint = error as? LedgerError else { return false }
                return true
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.ledger.paths.checkpoints).sorted() == before)
            return message
        }
        // A bad signature after the held checkpoint.
        #expect(try refusal { $0[10] = TamperTests.flip($0[10], after: "\"sig\":\"", distance: 10, alphabet: "AB") }
            .contains("entry 10"))
        // A bad signature beneath it: its root no longer matches, so everything is checked.
        #expect(try refusal { $0[3] = TamperTests.flip($0[3], after: "\"sig\":\"", distance: 10, alphabet: "AB") }
            .contains("entry 3"))
        // Entries removed below the held size.
        #expect(try refusal { $0.removeLast(5) }.contains("entries were removed"))
        // Rewritten consistently by someone with every key: verifies, but not against the held root.
        #expect(try refusal { lines in
            var prev = Digest.of(lines[2])
            for seq in 3..<lines.count {
                let entry = try? Entry.signed(seq: Int64(seq), time: fixture.at(Int64(seq)), prev: prev, type: "note.text",
                                              body: ["text": .string("rewritten \(seq)")], by: fixture.admin)
                guard let entry else { return }
                lines[seq] = entry.canonicalBytes
                prev = entry.hash
            }
        }.contains("rewritten"))
        #expect(held.size == 8)
        // Healthy again, it signs.
        #expect(try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry()).checkpoint.size == 12)
    }

    @Test func witnessRefusesRollbackForkAndUnprovenGrowth() throws {
        let fixture = try LedgerFixture(notes: 3)
        let witness = try PrivateKey.generate(.ed25519)
        let logKey = try fixture.ledger.logVerifierKey
        var state = WitnessState()
        let first = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry()).note.serialized
        _ = try Witness.cosign(note: first, logKey: logKey, witnessKey: witness, name: "w.example/1", state: &state, proof: nil, timestamp: 1)
        try fixture.appendNote(3)
        try fixture.appendNote(4)
        let second = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        #expect(throws: LedgerError.self) {
            var copy = state
            _ = try Witness.cosign(note: second.note.serialized, logKey: logKey, witnessKey: witness, name: "w.example/1",
                                   state: &copy, proof: nil, timestamp: 2)
        }
        let proof = try fixture.ledger.consistencyProof(from: 5, to: 7)
        let cosigned = try Witness.cosign(note: second.note.serialized, logKey: logKey, witnessKey: witness, name: "w.example/1",
                                          state: &state, proof: proof, timestamp: 2)
        let witnessKey = try VerifierKey(name: "w.example/1", kind: .cosignatureV1, publicKey: witness.publicKey)
        #expect(try Checkpoint.verify(note: cosigned.serialized, logKey: logKey, witnesses: [witnessKey]).cosigners.count == 1)
        // Rollback to the first checkpoint.
        #expect(throws: LedgerError.self) {
            _ = try Witness.cosign(note: first, logKey: logKey, witnessKey: witness, name: "w.example/1", state: &state, proof: nil, timestamp: 3)
        }
        // Same size, another root.
        let fork = try Checkpoint(origin: second.checkpoint.origin, size: 7, root: .zero).signed(by: fixture.admin).serialized
        #expect(throws: LedgerError.self) {
            _ = try Witness.cosign(note: fork, logKey: logKey, witnessKey: witness, name: "w.example/1", state: &state, proof: nil, timestamp: 4)
        }
        // State survives a save and load.
        let dir = try TemporaryDirectory()
        try state.save(dir.file("state.json"))
        #expect(try WitnessState.load(dir.file("state.json")).latest["example.com/test-ledger"]?.size == 7)
    }
}
