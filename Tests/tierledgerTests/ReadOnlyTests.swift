import Foundation
import Testing
import TestSupport

/// A ledger directory that cannot be written (here: bind-mounted read-only, which binds root too):
/// appends fail with an error naming the path and the remedy, nothing is written, readers still
/// work, and once it is writable again appends continue.
@Suite struct ReadOnlyTests {
    /// Whether this machine lets the suite make a read-only bind mount (it needs root and mount rights).
    static let canMountReadOnly: Bool = {
        guard getuid() == 0, let dir = try? TemporaryDirectory("ro-probe") else { return false }
        let mounted = (try? ProcessRunner.run("mount", ["-o", "bind,ro", dir.path, dir.path]))?.status == 0
        if mounted { _ = try? ProcessRunner.run("umount", [dir.path]) }
        return mounted
    }()

    @Test(.enabled(if: canMountReadOnly, "needs root and the right to bind-mount (a read-only directory does not stop root otherwise)"))
    func aReadOnlyLedgerDirectoryRefusesWritesCleanly() throws {
        let ws = try CLIWorkspace()
        let ledger = ws.path("ledger")
        let before = try #require(FileManager.default.contents(atPath: ledger + "/entries.jsonl"))
        let mount = try ProcessRunner.run("mount", ["-o", "bind,ro", ledger, ledger])
        #expect(mount.status == 0, "\(mount.stderr)")
        defer { _ = try? ProcessRunner.run("umount", [ledger]) }

        let append = try ws.run(["append", "--type", "note.text", "--body", "{\"n\":1}", "--key", "admin.pem"])
        #expect(append.status == 2)
        #expect(append.stderr.contains("ledger/writer.lock"), "names the path: \(append.stderr)")
        #expect(append.stderr.contains("read-only file system"), "says why: \(append.stderr)")
        #expect(append.stderr.contains("remount it read-write"), "says what to do: \(append.stderr)")
        #expect(FileManager.default.contents(atPath: ledger + "/entries.jsonl") == before)
        #expect(try ws.run(["verify"]).status == 0)
        #expect(try ws.run(["log"]).status == 0)

        #expect(try ProcessRunner.run("umount", [ledger]).status == 0)
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"n\":2}", "--key", "admin.pem"])
        try ws.expectSuccess(["verify"])
    }
}
