import Ledger

/// Machine output: one canonical JSON object per line.
enum JSONOutput {
    static func line(_ members: [String: JSONValue]) -> String {
        String(decoding: CanonicalJSON.encode(.object(members)), as: UTF8.self)
    }
}
