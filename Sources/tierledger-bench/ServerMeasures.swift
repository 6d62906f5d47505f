import BenchSupport
import Foundation
import Governance
import Ledger
import LedgerCrypto

/// `tierledger serve` on the benchmark ledger against nginx serving the same bytes as static files
/// on this machine, in interleaved rounds: each round is one run of `wrk` (one thread, 16
/// connections, one second) at the same URL path on one server, then on the other. The bytes nginx
/// serves are fetched from the server first, and fetched back from nginx to check they are the same.
/// Both write a request log to a file, and nginx runs one worker per core. Then appends through the
/// server (`ServerAppends`), and online activations by 64 products at once (`ServerActivations`).
struct ServerMeasures {
    let size: Int
    /// The file-store ledger `LedgerMeasures` built at this size.
    let directory: String
    let work: String
    /// The ledger's admin and log key.
    let key: PrivateKey
    let rounds: Int
    let steadiness: Double
    static let connections = 16
    static let seconds = 1

    /// The endpoints measured: what the measure is called, and its URL path.
    static func endpoints(size: Int) -> [(name: String, path: String)] {
        [("inclusion proof", "/proof/inclusion?seq=\(size / 2)"), ("tile", "/tile/0/001")]
    }

    func all() throws -> [Figure] {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tierledger").path
        guard FileManager.default.isExecutableFile(atPath: bin) else {
            print("note: no server figures (needs \(bin), built by make bench)")
            return []
        }
        for tool in ["wrk", "nginx", "curl"] where !Self.installed(tool) {
            print("note: no server figures (needs \(tool): sh scripts/ensure-server-bench-deps.sh)")
            return []
        }
        // A checkpoint, as a served ledger has: /checkpoint answers, and a proof is checked against its root.
        _ = try FileLedger.open(directory).makeCheckpoint(logKey: key, authority: GovernanceState(),
                                                          snapshot: { state, head in GovernanceSnapshot(state: state, head: head).bytes })
        let copy = work + "/ledger-\(size)-local-copy"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        // An activator and a 64-seat license with a product token, for the online activations.
        let activation = try ServerActivations.prepare(directory: directory, work: work, key: key, size: size)
        let server = try ServeProcess(bin: bin, ledger: directory, work: work, name: "serve-\(size)",
                                      extra: ["--activation-key", activation.keyFile])
        defer { server.stop() }
        var files: [String: Data] = [:]
        for endpoint in Self.endpoints(size: size) {
            let (status, body) = try HTTPFetch.get(server.base + endpoint.path)
            guard status == 200, !body.isEmpty else { throw BenchError("GET \(endpoint.path) answered \(status)") }
            files[Self.filePath(endpoint.path)] = body
        }
        let nginx = try StaticNginx(directory: work + "/nginx-\(size)", files: files)
        defer { nginx.stop() }
        var figures: [Figure] = []
        for endpoint in Self.endpoints(size: size) {
            let served = try HTTPFetch.get(nginx.base + endpoint.path)
            guard served.status == 200, served.body == files[Self.filePath(endpoint.path)] else {
                throw BenchError("nginx does not serve the server's bytes for \(endpoint.path)")
            }
            var ours: [Double] = [], theirs: [Double] = []
            let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: steadiness).run(
                baseline: { try Self.wrk(nginx.base + endpoint.path, p99s: &theirs) },
                measured: { try Self.wrk(server.base + endpoint.path, p99s: &ours) })
            figures.append(.rates("server: GET \(endpoint.name), wrk \(Self.connections) connections", size: size, sample, unit: "requests/s",
                                  baseline: "nginx, the same bytes as a static file", baselineUnit: "requests/s", target: .atLeast(0.5)))
            figures.append(.single("server: GET \(endpoint.name) p99 (median of the rounds)", size: size,
                                   Percentile.nearestRank(ours, 0.5) * 1000, unit: "ms", target: .note("report")))
            figures.append(.single("nginx: the same bytes p99 (median of the rounds)", size: size,
                                   Percentile.nearestRank(theirs, 0.5) * 1000, unit: "ms", target: .note("report")))
        }
        let (appends, acknowledged) = try ServerAppends(size: size, server: server.base, copy: copy, key: key, rounds: rounds,
                                                        steadiness: steadiness).measure()
        figures += appends
        let single = { (name: String) in appends.first { $0.measure == name }?.value.median ?? 0 }
        figures += try ServerActivations(size: size, server: server.base, directory: directory, token: activation.token, rounds: rounds)
            .measure(appendP50: single("server: single append p50 (head, sign, post)"), appendP99: single("server: single append p99 (head, sign, post)"))
        // What the clients raced to write is one chain that verifies, with every acknowledged entry in it.
        let ledger = try FileLedger.open(directory)
        let report = try Verifier(authority: GovernanceState(), workers: ProcessInfo.processInfo.activeProcessorCount).verify(ledger).report
        guard report.isIntact else {
            throw BenchError("the ledger appended to through the server does not verify: \(String(describing: report.failure))")
        }
        for entry in acknowledged where try ledger.line(at: entry.seq) != entry.line {
            throw BenchError("entry \(entry.seq), acknowledged by the server, is not the line that was posted")
        }
        print("server: \(acknowledged.count) entries appended by up to \(ServerAppends.clients) clients at once, all acknowledged ones in "
              + "place; the ledger verifies (\(report.verifiedEntries) entries)")
        return figures
    }

    /// The file nginx serves for a URL path: the path without its query, which nginx ignores.
    static func filePath(_ path: String) -> String {
        String(path.prefix { $0 != "?" })
    }

    static func installed(_ tool: String) -> Bool {
        ["/usr/sbin/", "/usr/bin/", "/usr/local/bin/", "/usr/local/sbin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + tool) }
    }

    /// One run of wrk: its requests over its own measured duration; the p99 is kept in `p99s`.
    static func wrk(_ url: String, p99s: inout [Double]) throws -> Round {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wrk", "-t", "1", "-c", String(connections), "-d", "\(seconds)s", "--latency", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let report = WrkReport.parse(text) else { throw BenchError("wrk \(url) failed: \(text)") }
        guard report.failedResponses == 0, report.socketErrors == 0 else {
            throw BenchError("wrk \(url): \(report.failedResponses) answers not 2xx or 3xx, \(report.socketErrors) socket errors:\n\(text)")
        }
        p99s.append(report.p99)
        return Round(units: report.requests, seconds: report.seconds)
    }
}
