import Foundation
import Ledger
import LedgerCrypto

/// What `make bench-count` counts on: the same key, the same times and the same bodies every run,
/// so that the ledger's bytes, and the work done on them, are the same every run.
enum CountFixture {
    /// A fixed Ed25519 key (seed 0, 1, …, 31); never a real key.
    static func key() throws -> PrivateKey {
        try PrivateKey.ed25519(seed: (0..<32).map { UInt8($0) })
    }

    /// 2026-11-01T00:00:00.000Z, the time of every entry.
    static let time = EntryTime(milliseconds: 1_793_491_200_000)

    static func entryTime() throws -> EntryTime {
        guard let time else { throw BenchError("the fixture time is out of range") }
        return time
    }

    static let origin = "bench.example/count"

    /// Creates a ledger of `entries` entries (the genesis entry and usage snapshots) at `directory`,
    /// removing what was there.
    static func build(at directory: String, entries: Int) throws {
        try? FileManager.default.removeItem(atPath: directory)
        let key = try key()
        let time = try entryTime()
        let ledger = try FileLedger.create(at: directory, origin: origin, admin: key, logKey: key.publicKey, time: time).ledger
        var written = 1
        while written < entries {
            let drafts = Drafts.usage(from: written, count: min(1_000, entries - written))
            try ledger.withWriter(.noWait) { writer in _ = try writer.append(drafts, signedBy: key, at: time) }
            written += drafts.count
        }
    }
}

/// Writes as the system does but skips fsync: the counted append measures CPU work, not the disk.
struct NoSyncIO: StoreIO {
    let system = SystemIO()
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { system.write(fd, buffer, count) }
    func fsync(_ fd: Int32) -> Int32 { 0 }
}
