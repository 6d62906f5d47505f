import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// Proofs are printed only when they agree with roots computed without the node cache.
@Suite struct CheckedProofTests {
    @Test func aFalseButSelfConsistentCacheIsCaughtAndRebuilt() throws {
        let fixture = try LedgerFixture(notes: 62)   // 64 entries
        let honest = try fixture.ledger.independentRoot(size: 64)
        #expect(honest == (try fixture.verify().rootHash))
        try MerkleCacheForgery.forge(fixture.ledger, leaf: 5)
        let reader = try FileLedger.open(fixture.path)
        // The unchecked proof believes the cache: a wrong root, and a path that verifies against it.
        let fooled = try reader.inclusionProof(seq: 5)
        #expect(fooled.rootHash != honest)
        try fooled.verify()
        // The checked one refuses it, rebuilds the cache, and proves against the entries' root.
        let (proof, rebuilt) = try reader.checkedInclusionProof(seq: 5)
        #expect(rebuilt)
        #expect(proof.rootHash == honest)
        try proof.verify(leaf: try fixture.lines()[5])
        #expect(try FileLedger.open(fixture.path).inclusionProof(seq: 5) == proof)

        try MerkleCacheForgery.forge(fixture.ledger, leaf: 5)
        let (consistency, rebuiltAgain) = try FileLedger.open(fixture.path).checkedConsistencyProof(from: 20, to: 64)
        #expect(rebuiltAgain)
        #expect(consistency.secondRoot == honest)
        #expect(consistency.firstRoot == (try fixture.ledger.independentRoot(size: 20)))
        try consistency.verify()
    }

    /// With a signed checkpoint, the root of a larger tree is the checkpoint's peaks (checked against
    /// its signed root) extended by the entries after it, and equals the root from every entry.
    @Test func independentRootsLeanOnlyOnSignedCheckpoints() throws {
        let fixture = try LedgerFixture(notes: 40)
        _ = try fixture.ledger.makeCheckpoint(logKey: fixture.admin, authority: KeyRegistry())
        for i in 40..<55 { try fixture.appendNote(i) }
        let count = Int(try fixture.ledger.count())
        var frontier = MerkleFrontier()
        for line in try fixture.lines() { frontier.append(MerkleHash.leaf(line)) }
        #expect(try fixture.ledger.independentRoot(size: count) == frontier.root)
        // A cache forged below the checkpoint does not fold to its signed root, so it is not used.
        try MerkleCacheForgery.forge(fixture.ledger, leaf: 3)
        #expect(try FileLedger.open(fixture.path).independentRoot(size: count) == frontier.root)
        #expect(try fixture.ledger.independentRoot(size: 0) == MerkleHash.empty)
    }

    /// The empty tree has one root; a consistency proof from size 0 must state it.
    @Test func aProofFromTheEmptyTreeNamesTheEmptyRoot() throws {
        let some = SHA256.hash(Array("anything".utf8))
        let root = try #require(Digest(bytes: some))
        try MerkleVerification.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: MerkleHash.empty, newRoot: root, proof: [])
        #expect(throws: MerkleVerification.Failure.self) {
            try MerkleVerification.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: root, newRoot: root, proof: [])
        }
        #expect(throws: MerkleVerification.Failure.self) {
            try MerkleVerification.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: root, newRoot: root, proof: [])
        }
    }
}
