import Foundation

/// `tierledger serve` in a process of its own on a free loopback port, from start until `stop()`:
/// its request log goes to a file in the work directory (as a deployment's would), so that a full
/// pipe never slows it down.
final class ServeProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`.
    let base: String
    private let log: String

    /// `extra`: further options of `tierledger serve` (`--activation-key FILE`).
    init(bin: String, ledger: String, work: String, name: String, extra: [String] = []) throws {
        log = work + "/\(name).log"
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw BenchError("cannot create \(log)") }
        guard let output = FileHandle(forWritingAtPath: log) else { throw BenchError("cannot write \(log)") }
        process.executableURL = URL(fileURLWithPath: bin)
        // No rate limits: the bench measures the server, not its limits on one address.
        process.arguments = ["serve", "--ledger", ledger, "--listen", "127.0.0.1:0", "--rate-per-address", "0", "--rate-per-credential", "0"] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = output
        try process.run()
        var found: String?
        for _ in 0..<600 where found == nil {
            guard process.isRunning else { break }
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://") {
                let rest = text[range.upperBound...].prefix { !$0.isWhitespace }
                found = "http://" + rest
            } else {
                usleep(100_000)
            }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw BenchError("tierledger serve did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        base = found
        // Ready once the governance state is replayed.
        for _ in 0..<600 {
            if (try? HTTPFetch.get(base + "/readyz").status) == 200 { return }
            usleep(100_000)
        }
        stop()
        throw BenchError("tierledger serve at \(base) never became ready")
    }

    /// SIGTERM (a graceful stop), then waits for the process.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// One GET with curl: the status and the body's exact bytes.
enum HTTPFetch {
    static func get(_ url: String) throws -> (status: Int, body: Data) {
        let body = NSTemporaryDirectory() + "tierledger-bench-fetch-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: body) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-o", body, "-w", "%{http_code}", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let status = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let code = Int(status) else { throw BenchError("curl \(url) failed (\(status))") }
        return (code, FileManager.default.contents(atPath: body) ?? Data())
    }
}
