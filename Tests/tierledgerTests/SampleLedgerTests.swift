import Foundation
import Testing
import TestSupport

/// The committed sample is exactly what `sample generate` makes: same seed, same bytes.
@Suite struct SampleLedgerTests {
    static let committed = Fixtures.repositoryRoot + "/ledger-samples/acme"
    static let caches: Set<String> = ["entries.idx", "writer.lock"]

    /// Every file under `root`, relative, without the rebuildable caches.
    static func files(_ root: String) throws -> [String] {
        let all = try #require(FileManager.default.subpaths(atPath: root))
        return all.filter { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            let name = (path as NSString).lastPathComponent
            return !isDirectory.boolValue && !caches.contains(name) && !path.contains("merkle/") && name != "README.md"
        }.sorted()
    }

    @Test func regeneratingTheSampleGivesTheSameBytes() throws {
        let dir = try TemporaryDirectory("sample")
        let made = try CLI.run(["sample", "generate", "--out", dir.file("acme"), "--seed", "2026", "--policies",
                                Fixtures.repositoryRoot + "/policies", "--quiet"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let expected = try Self.files(Self.committed)
        #expect(expected.contains("ledger/entries.jsonl"))
        #expect(expected.filter { $0.hasSuffix(".checkpoint") }.count == 4)
        #expect(try Self.files(dir.file("acme")) == expected)
        for path in expected {
            let a = FileManager.default.contents(atPath: Self.committed + "/" + path)
            let b = FileManager.default.contents(atPath: dir.file("acme/" + path))
            #expect(a != nil && a == b, "\(path) differs from the committed sample; regenerate it (ledger-samples/acme/README.md)")
        }
        let lines = try String(contentsOfFile: dir.file("acme/ledger/entries.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 2_000)
        #expect(try CLI.run(["verify", "--ledger", dir.file("acme/ledger"), "--quiet"], in: dir).status == 0)

        // Another seed, another year; an existing sample is never overwritten.
        let other = try CLI.run(["sample", "generate", "--out", dir.file("other"), "--seed", "7", "--policies",
                                 Fixtures.repositoryRoot + "/policies", "--quiet"], in: dir)
        #expect(other.status == 0)
        #expect(FileManager.default.contents(atPath: dir.file("other/ledger/entries.jsonl")) != FileManager.default.contents(atPath: dir.file("acme/ledger/entries.jsonl")))
        let again = try CLI.run(["sample", "generate", "--out", dir.file("acme"), "--quiet", "--policies", Fixtures.repositoryRoot + "/policies"], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}
