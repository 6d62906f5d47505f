import Foundation
import Ledger
import LedgerCrypto

/// A fresh ledger in a temporary directory with generated keys, in one call.
///
/// Entry 0 is the genesis (signed by `admin`), entry 1 enrols `bob` (P-256); further entries are
/// `note.text` entries alternating between the two keys, one second apart.
public final class LedgerFixture: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let admin: PrivateKey
    public let bob: PrivateKey
    public let ledger: FileLedger
    public let start: EntryTime

    public var path: String { ledger.paths.root }
    public var entriesPath: String { ledger.paths.entries }

    public init(notes: Int = 6, origin: String = "example.com/test-ledger") throws {
        directory = try TemporaryDirectory("ledger")
        admin = try PrivateKey.generate(.ed25519)
        bob = try PrivateKey.generate(.p256)
        start = EntryTime(rfc3339: "2026-01-01T09:00:00.000Z")!
        ledger = try FileLedger.create(at: directory.file("ledger"), origin: origin, admin: admin,
                                       logKey: admin.publicKey, time: start).ledger
        try ledger.append([EntryDraft(type: EntryType.keyEnroll, body: KeyRegistry.enrollmentBody(for: bob.publicKey, label: "bob"))],
                          signedBy: admin, authority: KeyRegistry(), at: at(1))
        for i in 0..<notes {
            try appendNote(i)
        }
    }

    /// The time `seconds` after the fixture's start.
    public func at(_ seconds: Int64) -> EntryTime {
        EntryTime(milliseconds: start.milliseconds + seconds * 1_000)!
    }

    /// Appends note number `i` (entry i + 2), signed by bob for even i and admin for odd i.
    public func appendNote(_ i: Int) throws {
        let key = i % 2 == 0 ? bob : admin
        try ledger.append([EntryDraft(type: "note.text", body: ["text": .string("note \(i): the quick brown fox"), "n": .integer(Int64(i))])],
                          signedBy: key, authority: KeyRegistry(), at: at(Int64(i) + 2))
    }

    /// The lines of `entries.jsonl` (without newlines).
    public func lines() throws -> [[UInt8]] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entriesPath)))
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    /// Replaces `entries.jsonl` with `lines`, each followed by a newline.
    public func write(lines: [[UInt8]]) throws {
        var out: [UInt8] = []
        for line in lines { out += line + [0x0A] }
        try Data(out).write(to: URL(fileURLWithPath: entriesPath))
    }

    /// Verifies with the ledger-level authority.
    public func verify(workers: Int = 2, batchSize: Int = 4096, anchor: VerificationAnchor? = nil) throws -> VerificationReport {
        let reopened = try FileLedger.open(path)
        var verifier = Verifier(authority: KeyRegistry(), workers: workers, batchSize: batchSize)
        verifier.anchor = anchor
        return try verifier.verify(reopened).report
    }
}
