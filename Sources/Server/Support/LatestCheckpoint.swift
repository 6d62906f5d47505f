import Ledger

/// The checkpoint `GET /checkpoint` serves: the largest one stored whose log signature verifies,
/// as its exact bytes (cosignature lines included). A stored note that does not verify is passed
/// over, never served.
enum LatestCheckpoint {
    static func note(in store: any LedgerStore) throws -> [UInt8]? {
        let logKey = try store.logVerifierKey
        for saved in try store.savedCheckpoints() {
            guard let signed = try? Checkpoint.verify(note: String(decoding: saved.note, as: UTF8.self), logKey: logKey),
                  signed.checkpoint.size == saved.size
            else { continue }
            return saved.note
        }
        return nil
    }
}
