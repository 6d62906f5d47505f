import Foundation
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
        let time = ISO8601DateFormatter().string(from: Date())
        Console.note("\(time) \(event.level.rawValue) \(event.message.description)\(fields.isEmpty ? "" : " ")\(fields)")
    }
}
