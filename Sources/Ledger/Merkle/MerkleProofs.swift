/// RFC 9162 §2.1 tree heads and proofs, computed from perfect-subtree hashes so that a proof over a
/// tree of n leaves touches O(log n) nodes.
public enum MerkleProofs {
    /// MTH(D[0:size]): the root of the first `size` leaves.
    public static func root(size: Int, in source: some MerkleNodeSource) throws -> Digest {
        try check(size: size, source)
        return size == 0 ? MerkleHash.empty : try subtree(0, size, source)
    }

    /// PATH(index, D[0:size]) (RFC 9162 §2.1.3.1).
    public static func inclusion(index: Int, size: Int, in source: some MerkleNodeSource) throws -> [Digest] {
        try check(size: size, source)
        guard index >= 0, index < size else {
            throw LedgerError.invalidInput("leaf \(index) is not in a tree of \(size) entries (valid: 0 to \(size - 1))")
        }
        return try path(index, 0, size, source)
    }

    /// PROOF(old, D[0:new]) (RFC 9162 §2.1.4.1); empty when `old` is 0 or equals `new`.
    public static func consistency(from old: Int, to new: Int, in source: some MerkleNodeSource) throws -> [Digest] {
        try check(size: new, source)
        guard old >= 0, old <= new else {
            throw LedgerError.invalidInput("a consistency proof goes from a smaller size to a larger one (got \(old) to \(new))")
        }
        if old == 0 || old == new { return [] }
        return try subproof(old, 0, new, true, source)
    }

    // MARK: Recursions over the leaf range start..<end

    private static func path(_ m: Int, _ start: Int, _ end: Int, _ source: some MerkleNodeSource) throws -> [Digest] {
        let n = end - start
        if n == 1 { return [] }
        let k = largestPowerOfTwo(below: n)
        if m < k {
            return try path(m, start, start + k, source) + [subtree(start + k, end, source)]
        }
        return try path(m - k, start + k, end, source) + [subtree(start, start + k, source)]
    }

    private static func subproof(_ m: Int, _ start: Int, _ end: Int, _ complete: Bool, _ source: some MerkleNodeSource) throws -> [Digest] {
        let n = end - start
        if m == n { return complete ? [] : [try subtree(start, end, source)] }
        let k = largestPowerOfTwo(below: n)
        if m <= k {
            return try subproof(m, start, start + k, complete, source) + [subtree(start + k, end, source)]
        }
        return try subproof(m - k, start + k, end, false, source) + [subtree(start, start + k, source)]
    }

    /// MTH of leaves start..<end, from O(log n) perfect subtrees.
    static func subtree(_ start: Int, _ end: Int, _ source: some MerkleNodeSource) throws -> Digest {
        let n = end - start
        if n & (n - 1) == 0 && start % n == 0 {
            return try source.perfectNode(level: n.trailingZeroBitCount, index: start / n)
        }
        let k = largestPowerOfTwo(below: n)
        return MerkleHash.node(try subtree(start, start + k, source), try subtree(start + k, end, source))
    }

    /// The largest power of two strictly less than `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    private static func check(size: Int, _ source: some MerkleNodeSource) throws {
        guard size >= 0, size <= source.leafCount else {
            throw LedgerError.invalidInput("tree size \(size) is larger than the ledger (\(source.leafCount) entries)")
        }
    }
}
