import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct MerkleVectorTests {
    struct Vectors: Decodable {
        struct Root: Decodable { let size: Int; let root: String }
        struct Inclusion: Decodable { let index: Int; let size: Int; let proof: [String] }
        struct Consistency: Decodable { let old_size: Int; let new_size: Int; let proof: [String] }
        let leaves_hex: [String]
        let roots: [Root]
        let inclusion: [Inclusion]
        let consistency: [Consistency]
    }

    static let vectors: Vectors? = try? Fixtures.load(Vectors.self, "rfc9162-merkle.json")

    func tree() throws -> (InMemoryMerkleTree, Vectors) {
        let v = try #require(Self.vectors)
        return (InMemoryMerkleTree(leaves: v.leaves_hex.map { MerkleHash.leaf(hexBytes($0)) }), v)
    }

    func digests(_ hex: [String]) -> [Digest] { hex.compactMap { Digest(hex: $0) } }

    @Test func everyRoot() throws {
        let (tree, v) = try tree()
        #expect(v.roots.count == 9)
        var frontier = MerkleFrontier()
        for root in v.roots {
            #expect(try MerkleProofs.root(size: root.size, in: tree).hex == root.root)
            #expect(frontier.root.hex == root.root)
            if root.size < tree.leafCount { frontier.append(tree.leaves[root.size]) }
        }
    }

    @Test func everyInclusionProof() throws {
        let (tree, v) = try tree()
        #expect(v.inclusion.count == 36)
        for case_ in v.inclusion {
            let expected = digests(case_.proof)
            #expect(try MerkleProofs.inclusion(index: case_.index, size: case_.size, in: tree) == expected)
            let root = try MerkleProofs.root(size: case_.size, in: tree)
            #expect(throws: Never.self) {
                try MerkleVerification.verifyInclusion(index: case_.index, size: case_.size, leafHash: tree.leaves[case_.index],
                                                       proof: expected, root: root)
            }
        }
    }

    @Test func everyConsistencyProof() throws {
        let (tree, v) = try tree()
        #expect(v.consistency.count == 28)
        for case_ in v.consistency {
            let expected = digests(case_.proof)
            #expect(try MerkleProofs.consistency(from: case_.old_size, to: case_.new_size, in: tree) == expected)
            let oldRoot = try MerkleProofs.root(size: case_.old_size, in: tree)
            let newRoot = try MerkleProofs.root(size: case_.new_size, in: tree)
            #expect(throws: Never.self) {
                try MerkleVerification.verifyConsistency(oldSize: case_.old_size, newSize: case_.new_size,
                                                         oldRoot: oldRoot, newRoot: newRoot, proof: expected)
            }
        }
    }
}

/// Properties over random sizes: every proof verifies, and any flipped bit in a proof, root, index
/// or size makes it fail.
@Suite struct MerklePropertyTests {

    static func tree(_ size: Int) -> InMemoryMerkleTree {
        InMemoryMerkleTree(leaves: (0..<size).map { MerkleHash.leaf(Array("leaf \($0)".utf8)) })
    }

    static func flip(_ d: Digest, bit: Int) -> Digest {
        var b = d.bytes
        b[bit / 8 % 32] ^= UInt8(1 << (bit % 8))
        return Digest(bytes: b)!
    }

    @Test(arguments: [1, 2, 3, 7, 64, 100, 255, 1000, 1025, 3000])
    func inclusionProofsVerifyAndBreak(size: Int) throws {
        let bigger = Self.tree(size + 4096)
        let tree = InMemoryMerkleTree(leaves: Array(bigger.leaves.prefix(size)))
        let root = try MerkleProofs.root(size: size, in: tree)
        var frontier = MerkleFrontier()
        tree.leaves.forEach { frontier.append($0) }
        #expect(frontier.root == root)
        var rng = SeededGenerator(seed: UInt64(size))
        for _ in 0..<40 {
            let index = Int.random(in: 0..<size, using: &rng)
            let proof = try MerkleProofs.inclusion(index: index, size: size, in: tree)
            #expect(proof.count <= Int.bitWidth - size.leadingZeroBitCount)
            let leaf = tree.leaves[index]
            try MerkleVerification.verifyInclusion(index: index, size: size, leafHash: leaf, proof: proof, root: root)
            let bit = Int.random(in: 0..<256, using: &rng)
            #expect(throws: MerkleVerification.Failure.self) {
                try MerkleVerification.verifyInclusion(index: index, size: size, leafHash: leaf, proof: proof, root: Self.flip(root, bit: bit))
            }
            #expect(throws: MerkleVerification.Failure.self) {
                try MerkleVerification.verifyInclusion(index: index, size: size, leafHash: Self.flip(leaf, bit: bit), proof: proof, root: root)
            }
            if !proof.isEmpty {
                var bad = proof
                let at = Int.random(in: 0..<bad.count, using: &rng)
                bad[at] = Self.flip(bad[at], bit: bit)
                #expect(throws: MerkleVerification.Failure.self) {
                    try MerkleVerification.verifyInclusion(index: index, size: size, leafHash: leaf, proof: bad, root: root)
                }
                #expect(throws: MerkleVerification.Failure.self) {
                    try MerkleVerification.verifyInclusion(index: index, size: size, leafHash: leaf, proof: Array(proof.dropLast()), root: root)
                }
            }
            #expect(throws: MerkleVerification.Failure.self) {
                try MerkleVerification.verifyInclusion(index: index ^ 1, size: max(size, (index ^ 1) + 1), leafHash: leaf, proof: proof, root: root)
            }
            // A flipped size, with the root a checkpoint would bind to that size, fails too. (RFC 9162
            // verification alone reads only some bits of the size for some leaves; the signed
            // checkpoint is what binds size and root together, see docs/format.md.)
            let otherSize = size ^ (1 << Int.random(in: 0..<12, using: &rng))
            if otherSize > index {
                let otherRoot = try MerkleProofs.root(size: otherSize, in: bigger)
                #expect(throws: MerkleVerification.Failure.self) {
                    try MerkleVerification.verifyInclusion(index: index, size: otherSize, leafHash: leaf, proof: proof, root: otherRoot)
                }
            }
        }
    }

    @Test(arguments: [2, 3, 8, 100, 511, 1000, 2049])
    func consistencyProofsVerifyAndBreak(size: Int) throws {
        let tree = Self.tree(size)
        var rng = SeededGenerator(seed: UInt64(size) &* 7)
        let newRoot = try MerkleProofs.root(size: size, in: tree)
        for _ in 0..<40 {
            let old = Int.random(in: 1..<size, using: &rng)
            let oldRoot = try MerkleProofs.root(size: old, in: tree)
            let proof = try MerkleProofs.consistency(from: old, to: size, in: tree)
            try MerkleVerification.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            let bit = Int.random(in: 0..<256, using: &rng)
            #expect(throws: MerkleVerification.Failure.self) {
                try MerkleVerification.verifyConsistency(oldSize: old, newSize: size, oldRoot: Self.flip(oldRoot, bit: bit), newRoot: newRoot, proof: proof)
            }
            #expect(throws: MerkleVerification.Failure.self) {
                try MerkleVerification.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: Self.flip(newRoot, bit: bit), proof: proof)
            }
            var bad = proof
            let at = Int.random(in: 0..<bad.count, using: &rng)
            bad[at] = Self.flip(bad[at], bit: bit)
            #expect(throws: MerkleVerification.Failure.self) {
                try MerkleVerification.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: bad)
            }
            let otherOld = old ^ (1 << Int.random(in: 0..<10, using: &rng))
            if otherOld > 0, otherOld < size {
                #expect(throws: MerkleVerification.Failure.self) {
                    try MerkleVerification.verifyConsistency(oldSize: otherOld, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
                }
            }
        }
    }

    /// A reader that cannot read a level of the node cache (a writer is rebuilding it, or it is
    /// damaged) bypasses the cache and computes from the entries, never fails.
    @Test func aReaderBypassesAnUnreadableCacheLevel() throws {
        let fixture = try LedgerFixture(notes: 40)
        let expected = try fixture.ledger.inclusionProof(seq: 17)
        let level1 = fixture.ledger.paths.merkle + "/level-01.bin"
        #expect(FileManager.default.fileExists(atPath: level1))
        try FileManager.default.removeItem(atPath: level1)
        try FileManager.default.createDirectory(atPath: level1, withIntermediateDirectories: false)
        let reader = try FileLedger.open(fixture.path)
        let proof = try reader.inclusionProof(seq: 17)
        try proof.verify()
        #expect(proof.hashes == expected.hashes)
    }

    /// With the node cache holding the tree, a proof reads O(log n) nodes and a bounded number of
    /// entry lines (the cache's spot checks and the leaf), however large the ledger.
    @Test func proofsReadLogarithmicallyManyNodes() throws {
        let fixture = try LedgerFixture(notes: 0)
        var previous: ProofReads?
        for target in [1_000, 8_000, 64_000] {
            let have = Int(try fixture.ledger.count())
            let drafts = (have..<target).map { EntryDraft(type: "note.text", body: ["n": .integer(Int64($0))]) }
            try fixture.ledger.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: fixture.admin) }
            let reader = try FileLedger.open(fixture.path)
            let (proof, reads) = try reader.inclusionProofCountingReads(seq: Int64(target / 3))
            try proof.verify()
            let log2n = Int.bitWidth - target.leadingZeroBitCount
            #expect(reads.cachedNodes <= 5 * log2n + 12, "\(target) entries: \(reads)")
            #expect(reads.entries <= 12, "\(target) entries: \(reads)")
            if let previous { #expect(reads.cachedNodes - previous.cachedNodes <= 5 * 3 + 2, "8× the entries, a few more reads: \(previous) → \(reads)") }
            previous = reads
        }
    }
}
