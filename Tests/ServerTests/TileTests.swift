import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// C2SP tlog-tiles, served and exported, against RFC 9162 hashes computed here from the entry lines.
@Suite struct TileTests {
    /// RFC 9162 §2.1.1 from the lines alone: the hash of the perfect subtree of `count` leaves from `start`.
    static func subtree(_ lines: [[UInt8]], _ start: Int, _ count: Int) -> [UInt8] {
        if count == 1 { return Digest.of([0x00] + lines[start]).bytes }
        let half = count / 2
        return Digest.of([0x01] + subtree(lines, start, half) + subtree(lines, start + half, half)).bytes
    }

    @Test func addressesRoundTripAndRefuseOtherSpellings() {
        let tile = TileAddress(kind: .hashes(level: 0), index: 1_234_067, partialWidth: 5)
        #expect(tile.path == "tile/0/x001/x234/067.p/5")
        #expect(TileAddress.parse(["0", "x001", "x234", "067.p", "5"]) == tile)
        #expect(TileAddress(kind: .entries, index: 7).path == "tile/entries/007")
        #expect(TileAddress.parse(["entries", "007"]) == TileAddress(kind: .entries, index: 7))
        for bad in [["0", "7"], ["0", "x000", "007"], ["00", "007"], ["0", "007.p", "256"], ["0", "007.p", "0"], ["64", "000"], ["0"]] {
            #expect(TileAddress.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func servedAndExportedTilesMatchTheTree() async throws {
        let served = try ServedLedger(notes: 0)
        let drafts = (0..<300).map { served.note($0) }
        _ = try served.service.record(drafts, signedBy: served.ops, at: .now())
        try await served.start(publicEntries: true)
        let lines = try (0..<served.ledger.count()).map { try served.ledger.line(at: $0) }
        let size = lines.count   // 303
        #expect(size == 303)

        var expected: [String: [UInt8]] = [:]
        expected["tile/0/000"] = (0..<256).flatMap { Self.subtree(lines, $0, 1) }
        expected["tile/0/001.p/47"] = (256..<303).flatMap { Self.subtree(lines, $0, 1) }
        expected["tile/1/000.p/1"] = Self.subtree(lines, 0, 256)
        expected["tile/entries/000"] = lines[0..<256].flatMap { [UInt8($0.count >> 8), UInt8($0.count & 0xFF)] + $0 }
        expected["tile/entries/001.p/47"] = lines[256..<303].flatMap { [UInt8($0.count >> 8), UInt8($0.count & 0xFF)] + $0 }
        #expect(Set(TileAddress.all(treeSize: size).map(\.path)) == Set(expected.keys))

        for (path, bytes) in expected {
            let reply = try await HTTP.get(served.base + "/" + path)
            #expect(reply.status == 200, "\(path)")
            #expect(reply.body == bytes, "\(path)")
        }
        // A narrower partial tile is a prefix; a full tile not yet full is not there.
        #expect(try await HTTP.get(served.base + "/tile/0/001.p/3").body == Array(expected["tile/0/001.p/47"]?.prefix(96) ?? []))
        #expect(try await HTTP.get(served.base + "/tile/0/001").status == 404)
        #expect(try await HTTP.get(served.base + "/tile/0/1").status == 404)
        await served.stop()

        _ = try served.ledger.makeCheckpoint(logKey: served.admin, authority: GovernanceState())
        let out = try TemporaryDirectory("tiles")
        let export = try await ProcessRunner.runDetached(ServeProcess.binary, ["tiles", "export", out.path, "--ledger", served.ledger.paths.root])
        #expect(export.status == 0, "\(export.stderr)")
        for (path, bytes) in expected {
            #expect(FileManager.default.contents(atPath: out.file(path)).map { [UInt8]($0) } == bytes, "\(path)")
        }
        let note = try #require(FileManager.default.contents(atPath: out.file("checkpoint")))
        let checkpoint = try Checkpoint.verify(note: String(decoding: note, as: UTF8.self), logKey: served.ledger.logVerifierKey).checkpoint
        #expect(checkpoint.size == size)
        #expect(checkpoint.root.bytes == Self.subtreeRoot(lines))
    }

    /// RFC 9162 MTH of all the lines.
    static func subtreeRoot(_ lines: [[UInt8]]) -> [UInt8] {
        func mth(_ start: Int, _ count: Int) -> [UInt8] {
            if count == 1 { return Digest.of([0x00] + lines[start]).bytes }
            var k = 1
            while k * 2 < count { k *= 2 }
            return Digest.of([0x01] + mth(start, k) + mth(start + k, count - k)).bytes
        }
        return mth(0, lines.count)
    }
}
