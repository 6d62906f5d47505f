import Foundation
import Ledger
import Logging

/// swift-log lines on standard error through `Console`: time, level, message and metadata, each
/// value passing the terminal's sanitiser.
struct ConsoleLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        // Formatted in Swift, not by a new ISO8601DateFormatter per line: the server logs every request.
        let time = EntryTime.now().rfc3339
        Console.note("\(time) \(event.level.rawValue) \(event.message.description)\(fields.isEmpty ? "" : " ")\(fields)")
    }
}
