import Foundation
import Ledger
import LedgerCrypto

/// Damage the log key has vouched for: the last entry's signature is broken (the chain still
/// holds, as nothing follows it yet) and a checkpoint over the damaged file is signed with the log
/// key and stored, as a log key that signed without verifying would have. For tests of what
/// leaning on a checkpoint trusts, and of what checking every signature catches.
public enum VouchedDamage {
    /// Damages the ledger in `directory` and returns the damaged entry's sequence number.
    @discardableResult
    public static func make(ledger directory: String, logKey: PrivateKey) throws -> Int {
        let ledger = try FileLedger.open(directory)
        var lines = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger.paths.entries)))
            .split(separator: UInt8(ascii: "\n")).map { Array($0) }
        guard let last = lines.indices.last,
              let marker = lines[last].firstRange(of: Array("\"sig\":\"".utf8)) else {
            throw LedgerError.invalidInput("\(ledger.paths.entries): no signed entry to damage")
        }
        let at = marker.upperBound + 4
        lines[last][at] = lines[last][at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try Data(lines.flatMap { $0 + [UInt8(ascii: "\n")] }).write(to: URL(fileURLWithPath: ledger.paths.entries))
        let tree = InMemoryMerkleTree(leaves: lines.map { MerkleHash.leaf($0) })
        let vouched = Checkpoint(origin: ledger.config.origin, size: lines.count, root: try MerkleProofs.root(size: lines.count, in: tree))
        try FileManager.default.createDirectory(atPath: ledger.paths.checkpoints, withIntermediateDirectories: true)
        try Data(try vouched.signed(by: logKey).serialized.utf8)
            .write(to: URL(fileURLWithPath: ledger.paths.checkpoints + "/\(lines.count).checkpoint"))
        return last
    }
}
