import Ledger

/// Shared wording for things several commands report.
enum Describe {
    static func recovered(_ tail: TornTail) -> String {
        "recovered: \(tail.length) bytes of an interrupted write at offset \(tail.offset) were never acknowledged; "
            + "moved to \(tail.quarantinePath)"
    }
}
