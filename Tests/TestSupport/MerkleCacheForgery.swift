import Foundation
import Ledger
import LedgerCrypto

/// A false node cache that its own spot checks cannot tell from a true one, for tests.
public enum MerkleCacheForgery {
    /// Replaces leaf `index` of the node cache with another hash and recomputes every level above
    /// it: a cache that passes its own spot checks (leaf 5 is not among the leaves they sample in a
    /// tree of 64), yet describes other entries.
    public static func forge(_ ledger: FileLedger, leaf index: Int) throws {
        func path(_ level: Int) -> String { ledger.paths.merkle + "/level-" + (level < 10 ? "0" : "") + String(level) + ".bin" }
        var level = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(0))))
        level.replaceSubrange((index * 32)..<(index * 32 + 32), with: SHA256.hash(Array("not an entry".utf8)))
        try Data(level).write(to: URL(fileURLWithPath: path(0)))
        var number = 1
        while level.count >= 64 {
            var next: [UInt8] = []
            for pair in stride(from: 0, to: level.count / 64 * 64, by: 64) {
                guard let left = Digest(bytes: Array(level[pair..<(pair + 32)])),
                      let right = Digest(bytes: Array(level[(pair + 32)..<(pair + 64)])) else { return }
                next += MerkleHash.node(left, right).bytes
            }
            try Data(next).write(to: URL(fileURLWithPath: path(number)))
            level = next
            number += 1
        }
    }
}
