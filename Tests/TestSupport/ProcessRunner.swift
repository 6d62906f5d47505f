import Foundation

/// The outcome of running a program.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let stdoutBytes: [UInt8]
}

/// Runs programs to completion, capturing their output.
public enum ProcessRunner {
    /// `run`, waited for on a Dispatch thread rather than one of Swift's cooperative threads: for
    /// async tests whose child talks to a server in this process, which needs those threads to answer.
    @discardableResult
    public static func runDetached(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                                   directory: String? = nil) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try run(executable, arguments, environment: environment, directory: directory) })
            }
        }
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil,
                           environment: [String: String] = [:], directory: String? = nil) throws -> ProcessResult {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TIERLEDGER_DIR")
        env.removeValue(forKey: "TIERLEDGER_PASSPHRASE")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let errData = LockedData()
        let errThread = Thread { errData.set(errPipe.fileHandleForReading.readDataToEndOfFile()) }
        errThread.start()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = errData.waitForValue()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: err, as: UTF8.self), stdoutBytes: [UInt8](out))
    }

    /// Runs a shell command line with `/bin/sh -c`.
    @discardableResult
    public static func shell(_ command: String, directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        try run("/bin/sh", ["-c", command], environment: environment, directory: directory)
    }
}

private final class LockedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func waitForValue() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data ?? Data()
    }
}
