import LedgerCrypto

/// RFC 9162 proof verification (§2.1.3.2 and §2.1.4.2): pure functions of the proof, the sizes
/// and the roots; no ledger needed.
public enum MerkleVerification {
    /// Why a proof does not verify.
    public struct Failure: CodedError, Equatable {
        public let reason: String
        public var description: String { reason }
        public var errorCode: ErrorCode { .ledgerProof }
    }

    /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(index: Int, size: Int, leafHash: Digest, proof: [Digest], root: Digest) throws(Failure) {
        guard index >= 0, index < size else { throw Failure(reason: "leaf index \(index) is not below tree size \(size)") }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { throw Failure(reason: "proof has \(proof.count) hashes, more than a tree of size \(size) needs") }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw Failure(reason: "proof has \(proof.count) hashes, fewer than a tree of size \(size) needs") }
        guard r == root else {
            throw Failure(reason: "the proof leads to root \(r.base64), not \(root.base64): the entry is not in that tree at that index")
        }
    }

    /// Checks that the tree of `newSize` leaves with root `newRoot` extends the tree of `oldSize`
    /// leaves with root `oldRoot`, append-only.
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Digest, newRoot: Digest, proof: [Digest]) throws(Failure) {
        guard oldSize >= 0, oldSize <= newSize else {
            throw Failure(reason: "the first size (\(oldSize)) must not exceed the second (\(newSize))")
        }
        if oldSize == newSize {
            guard proof.isEmpty else { throw Failure(reason: "a proof between equal sizes must be empty") }
            guard oldSize > 0 || oldRoot == MerkleHash.empty else {
                throw Failure(reason: "the root of the empty tree is \(MerkleHash.empty.base64), not \(oldRoot.base64)")
            }
            guard oldRoot == newRoot else {
                throw Failure(reason: "two different roots for the same size \(oldSize): \(oldRoot.base64) and \(newRoot.base64)")
            }
            return
        }
        if oldSize == 0 {
            // Every tree extends the empty one, whose root is fixed: SHA-256 of nothing.
            guard proof.isEmpty else { throw Failure(reason: "a proof from the empty tree must be empty") }
            guard oldRoot == MerkleHash.empty else {
                throw Failure(reason: "the root of the empty tree is \(MerkleHash.empty.base64), not \(oldRoot.base64)")
            }
            return
        }
        guard !proof.isEmpty else { throw Failure(reason: "the proof is empty") }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw Failure(reason: "the proof has more hashes than sizes \(oldSize) and \(newSize) need") }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw Failure(reason: "the proof has fewer hashes than sizes \(oldSize) and \(newSize) need") }
        guard fr == oldRoot else {
            throw Failure(reason: "the proof does not lead to the first root \(oldRoot.base64): the history up to size \(oldSize) differs")
        }
        guard sr == newRoot else {
            throw Failure(reason: "the proof does not lead to the second root \(newRoot.base64): the tree of size \(newSize) does not extend the first")
        }
    }
}
