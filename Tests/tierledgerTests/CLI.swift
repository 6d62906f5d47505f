import Foundation
import TestSupport

/// Runs the built `tierledger` binary, as a user would.
enum CLI {
    /// The binary next to this test bundle's own executable (both live in the build products directory).
    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["TIERLEDGER_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("tierledger").path
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = [:],
                    stdin: [UInt8]? = nil) throws -> ProcessResult {
        try ProcessRunner.run(binary, arguments, stdin: stdin, environment: environment, directory: directory.path)
    }
}

/// A working directory with an admin key, a second key and an initialised ledger at ./ledger.
final class CLIWorkspace: @unchecked Sendable {
    let dir: TemporaryDirectory

    init(initialise: Bool = true) throws {
        dir = try TemporaryDirectory("cli")
        guard initialise else { return }
        try expectSuccess(["keys", "generate", "--out", "admin.pem", "--no-encrypt"])
        try expectSuccess(["keys", "generate", "--out", "bob.pem", "--no-encrypt", "--algorithm", "p256"])
        try expectSuccess(["init", "--origin", "example.com/cli-test", "--key", "admin.pem"])
        try expectSuccess(["principal", "enroll", "bob", "--role", "operator", "--role", "proposer", "--public-key", "bob.pem.pub", "--key", "admin.pem"])
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], stdin: [UInt8]? = nil) throws -> ProcessResult {
        try CLI.run(arguments, in: dir, environment: environment, stdin: stdin)
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    @discardableResult
    func expectSuccess(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let result = try run(arguments, environment: environment)
        guard result.status == 0 else {
            throw Failed(description: "tierledger \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    func path(_ name: String) -> String { dir.file(name) }
}
