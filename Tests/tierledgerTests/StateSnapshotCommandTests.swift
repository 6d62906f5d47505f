import Foundation
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// `checkpoint` binds the state it verified; `verify` checks the binding of every stored checkpoint.
@Suite struct StateSnapshotCommandTests {
    @Test func aCheckpointBindsItsStateAndVerifyFlagsAStateHashThatIsNotTheReplay() throws {
        let ws = try CLIWorkspace()
        for i in 0..<3 { try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"i\":\(i)}", "--key", "admin.pem"]) }
        let note = try ws.expectSuccess(["checkpoint", "--key", "admin.pem"]).stdout
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let size = try #require(Int(lines[1]))
        #expect(lines[3].hasPrefix(Checkpoint.stateExtensionKeyword + " "))
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: ws.path("ledger/snapshots/\(size).state")))
        #expect(lines[3] == Checkpoint.stateExtension(Digest.of([UInt8](snapshot))))
        try ws.expectSuccess(["verify"])

        // The log key signs a state hash that is not the replayed state's: verify names the checkpoint.
        let path = ws.path("ledger/checkpoints/\(size).checkpoint")
        let stored = try Checkpoint(body: SignedNote(parsing: String(contentsOfFile: path, encoding: .utf8)).text)
        let forged = Checkpoint(origin: stored.origin, size: size, root: stored.root,
                                extensions: [Checkpoint.stateExtension(Digest.of(Array("another state".utf8)))])
        let logKey = try PrivateKey(pem: String(contentsOfFile: ws.path("admin.pem"), encoding: .utf8))
        try forged.signed(by: logKey).serialized.write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try ws.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("checkpoint checkpoints/\(size).checkpoint: FAILED (state-mismatch)"), "\(verify.stdout)")
        // A governed command does not start from it, and still works.
        try ws.expectSuccess(["append", "--type", "note.text", "--body", "{\"after\":1}", "--key", "admin.pem"])
    }
}
