import Foundation
import Testing
import TestSupport

/// A real `tierledger serve`, and two command lines in other directories that sign locally and post.
@Suite struct ServeEndToEndTests {
    func tierledger(_ arguments: [String], in dir: TemporaryDirectory, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(ServeProcess.binary, arguments, environment: environment, directory: dir.path)
    }

    func expectSuccess(_ arguments: [String], in dir: TemporaryDirectory) throws -> ProcessResult {
        let result = try tierledger(arguments, in: dir)
        #expect(result.status == 0, "tierledger \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    @Test func twoClientsAppendThroughTheServerAndTheStoreVerifies() async throws {
        let host = try TemporaryDirectory("serve-host")
        let alice = try TemporaryDirectory("client-a")
        let carol = try TemporaryDirectory("client-c")
        _ = try expectSuccess(["keys", "generate", "--out", "admin.pem", "--no-encrypt"], in: host)
        _ = try expectSuccess(["init", "--origin", "example.com/served-e2e", "--key", "admin.pem"], in: host)
        for (name, dir) in [("alice", alice), ("carol", carol)] {
            _ = try expectSuccess(["keys", "generate", "--out", "me.pem", "--no-encrypt"], in: dir)
            _ = try expectSuccess(["principal", "enroll", name, "--role", "operator", "--public-key", dir.file("me.pem.pub"),
                                   "--key", "admin.pem"], in: host)
        }
        _ = try expectSuccess(["keys", "generate", "--out", "stranger.pem", "--no-encrypt"], in: carol)
        let server = try ServeProcess(ledger: host.file("ledger"))

        // Both clients at once, each several times: every append lands, none forks the chain.
        let results = try await withThrowingTaskGroup(of: [ProcessResult].self) { group in
            for dir in [alice, carol] {
                group.addTask {
                    try (0..<3).map { n in
                        try self.tierledger(["append", "--server", server.base, "--type", "license.note", "--body", "{\"n\":\(n)}",
                                             "--key", "me.pem", "--json"], in: dir)
                    }
                }
            }
            var all: [ProcessResult] = []
            for try await batch in group { all += batch }
            return all
        }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let seqs = Set(results.compactMap { try? JSONParserShim.seq($0.stdout) })
        #expect(seqs.count == 6)

        // A key the ledger does not know is refused with the server's reason.
        let refused = try tierledger(["append", "--server", server.base, "--type", "license.note", "--body", "{}", "--key", "stranger.pem"], in: carol)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("403"))

        let (status, log) = server.stop()
        #expect(status == 0, "serve exited \(status): \(log)")
        #expect(log.contains("path=/entries"))
        let verify = try tierledger(["verify", "--ledger", host.file("ledger")], in: host)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let count = try tierledger(["log", "--ledger", host.file("ledger"), "--json"], in: host)
        #expect(count.stdout.split(separator: "\n").count == 9)   // genesis, two enrolments, six notes
    }
}

/// The `seq` of an `append --json` line.
enum JSONParserShim {
    struct NoSeq: Error {}

    static func seq(_ line: String) throws -> Int64 {
        guard let range = line.range(of: "\"seq\":") else { throw NoSeq() }
        let digits = line[range.upperBound...].prefix { $0.isNumber }
        guard let value = Int64(digits) else { throw NoSeq() }
        return value
    }
}
