import BenchSupport
import Ledger
import LedgerCrypto

/// A round of single durable appends to any store, each one timed: what the file store's and the
/// PostgreSQL store's single-append measures share.
enum SingleAppends {
    /// `count` appends of one small entry, each under its own writer; the round and each append's seconds.
    static func round(_ count: Int, on store: any LedgerStore, key: PrivateKey) throws -> (round: Round, latencies: [Double]) {
        var latencies: [Double] = []
        let round = try Round.timed(units: count) {
            for i in 0..<count {
                latencies.append(try Round.timed(units: 1) {
                    try store.withWriter(.noWait) { writer in
                        _ = try writer.append([EntryDraft(type: "note.text", body: ["i": .integer(Int64(i))])], signedBy: key)
                    }
                }.seconds)
            }
        }
        return (round, latencies)
    }
}
