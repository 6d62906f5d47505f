import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// docs/format.md's worked example is real: its entries verify with its key, under the library
/// and under the shell commands the document prints.
@Suite struct FormatDocTests {
    static func document() throws -> String {
        try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/format.md", encoding: .utf8)
    }

    /// The fenced block after `marker` (an HTML comment or a heading).
    static func block(after marker: String, in doc: String) throws -> String {
        let start = try #require(doc.range(of: marker))
        let rest = doc[start.upperBound...]
        let open = try #require(rest.range(of: "```"))
        let bodyStart = try #require(rest[open.upperBound...].range(of: "\n")).upperBound
        let close = try #require(rest[bodyStart...].range(of: "\n```"))
        return String(rest[bodyStart..<close.lowerBound])
    }

    @Test func exampleEntriesVerifyWithTheLibrary() throws {
        let doc = try Self.document()
        let key = try PublicKey(pem: Self.block(after: "<!-- example-public-key -->", in: doc) + "\n")
        let lines = try Self.block(after: "<!-- example-entries -->", in: doc).split(separator: "\n").map { Array($0.utf8) }
        #expect(lines.count == 2)
        let entries = try lines.map { try EntryDecoder.decode($0) }
        #expect(entries[0].prev == .zero)
        #expect(entries[1].prev == Digest.of(lines[0]))
        for entry in entries {
            #expect(entry.signer == key.id)
            #expect(entry.hasValidSignature(by: key))
        }
        #expect(doc.contains(key.id.hex))
    }

    @Test func theByHandCommandsWorkAsPrinted() throws {
        let doc = try Self.document()
        let dir = try TemporaryDirectory("format-doc")
        try (Self.block(after: "<!-- example-public-key -->", in: doc) + "\n").write(toFile: dir.file("key.pub"), atomically: false, encoding: .utf8)
        try (Self.block(after: "<!-- example-entries -->", in: doc) + "\n").write(toFile: dir.file("entries.jsonl"), atomically: false, encoding: .utf8)
        let script = try Self.block(after: "### Checking entry 1 by hand", in: doc)
        let result = try ProcessRunner.run("/bin/sh", ["-c", script], directory: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("fb4138f490c327182dad6ac6e1ea54613d0fa9c2218dcdf056d6bd811e9ef2c0"))
        #expect(result.stdout.contains("3a107526dfe0aa3d74463c75d04c1dd45a75302cd45825cd64ad4c66d7b39f98"))
        #expect(result.stdout.contains("Signature Verified Successfully"))
    }

    @Test func theCheckpointRecipeWorksAsPrinted() throws {
        let doc = try Self.document()
        let dir = try TemporaryDirectory("format-doc-cp")
        try (Self.block(after: "<!-- example-public-key -->", in: doc) + "\n").write(toFile: dir.file("key.pub"), atomically: false, encoding: .utf8)
        let note = try Self.block(after: "<!-- example-checkpoint -->", in: doc) + "\n"
        try note.write(toFile: dir.file("cp.txt"), atomically: false, encoding: .utf8)
        // The note in the document is the vector's note.
        struct Vector: Decodable { let note: String }
        #expect(try Fixtures.load(Vector.self, "c2sp-checkpoint.json").note == note)
        let script = try Self.block(after: "### Checking a checkpoint's signature by hand", in: doc)
        let result = try ProcessRunner.run("/bin/sh", ["-c", script], directory: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Signature Verified Successfully"))
    }
}
