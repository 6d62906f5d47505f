import Foundation
import TestSupport

/// A real `tierledger serve` process on a free loopback port, stopped with SIGTERM.
final class ServeProcess: @unchecked Sendable {
    /// The built binary, next to this test bundle's own executable.
    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["TIERLEDGER_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("tierledger").path
    }

    struct NotListening: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    private let stderrPipe = Pipe()
    private let log = LockedText()
    let base: String

    init(ledger: String, extra: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--ledger", ledger, "--listen", "127.0.0.1:0"] + extra
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let handle = stderrPipe.fileHandleForReading
        var port: String?
        var seen = ""
        while port == nil {
            let data = handle.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: "listening on http://127.0.0.1:") {
                let digits = seen[range.upperBound...].prefix { $0.isNumber }
                if !digits.isEmpty, seen[range.upperBound...].dropFirst(digits.count).first != nil { port = String(digits) }
            }
        }
        guard let port else {
            process.terminate()
            throw NotListening(description: "tierledger serve did not report its port: \(seen)")
        }
        base = "http://127.0.0.1:\(port)"
        log.append(seen)
        let log = self.log
        let reader = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                log.append(String(decoding: data, as: UTF8.self))
            }
        }
        reader.start()
    }

    /// Sends SIGTERM and waits; returns the exit status and everything written to stderr.
    func stop() -> (status: Int32, stderr: String) {
        process.terminate()
        process.waitUntilExit()
        return (process.terminationStatus, log.text)
    }
}

private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    func append(_ text: String) {
        lock.lock()
        value += text
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
