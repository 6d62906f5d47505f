import BenchSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

/// Online activations through `tierledger serve --activation-key` (docs/licensing.md): 64 products
/// at once on loopback, each activating a machine of its own on a 64-seat license and releasing it,
/// again and again, so that every request waits its turn behind the others' recorded entries (one
/// `license.activate` or `license.deactivate` entry each, written one at a time). The p50 and p99 of
/// an activation as a product sees it are reported against the same run's p99 of a single append
/// through the same server (`ServerAppends`); the target is a p99 under 20 ms.
struct ServerActivations {
    let size: Int
    let server: String
    /// The ledger the server serves, read back at the end.
    let directory: String
    let token: String
    let rounds: Int
    static let clients = 64
    static let license = "BENCH-ACT"
    /// Activate-and-release cycles per client per round.
    static let cycles = 2

    /// Enrols an activator (its key file written to `work`), and the staff to issue a 64-seat
    /// license through the workflow when the ledger has none of them; returns the activator's key
    /// file, for `--activation-key`, and a product token of the license's customer.
    static func prepare(directory: String, work: String, key: PrivateKey, size: Int) throws -> (keyFile: String, token: String) {
        let service = GovernanceService(store: try FileLedger.open(directory))
        let admin = GovernanceService.Signing(key: key, time: .now())
        if try service.state().policy == nil {
            _ = try service.adopt(try PolicySet.load(directory: "policies"), admin)
        }
        let activator = try PrivateKey.generate(.ed25519), sales = try PrivateKey.generate(.ed25519)
        let deal = try PrivateKey.generate(.ed25519), ops = try PrivateKey.generate(.ed25519)
        _ = try service.enrol("bench-activator", roles: [.activator], key: activator.publicKey, admin)
        _ = try service.enrol("bench-act-sales", roles: [.proposer], key: sales.publicKey, admin)
        _ = try service.enrol("bench-act-deal", roles: Set([Role("approver:deal-desk")].compactMap { $0 }), key: deal.publicKey, admin)
        _ = try service.enrol("bench-act-ops", roles: [.operator], key: ops.publicKey, admin)
        let signing = { (key: PrivateKey) in GovernanceService.Signing(key: key, time: .now()) }
        let proposed = try service.propose(.issue, license: license, params: ["customer": "bench-act", "tier": "team",
                                                                             "seats": .integer(Int64(clients)), "term_months": 12],
                                           reason: "benchmark", signing(sales))
        _ = try service.approve(proposed.entry.entry.seq, signing(deal))
        _ = try service.apply(proposed.entry.entry.seq, signing(ops))
        let token = try service.issueToken(customer: "bench-act", scopes: [.activate], days: 30, label: "benchmark product", admin).text
        let keyFile = work + "/activator-\(size).pem"
        try? FileManager.default.removeItem(atPath: keyFile)
        try KeyFile.create(keyFile, contents: try activator.pem(), mode: 0o600)
        return (keyFile, token)
    }

    /// The figures; `appendP50` and `appendP99` are the same run's single appends through the server, in ms.
    func measure(appendP50: Double, appendP99: Double) throws -> [Figure] {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = Self.clients
        configuration.timeoutIntervalForRequest = 60
        let session = URLSession(configuration: configuration)
        let client = ActivationClient(session: session, server: server, token: token)
        // A warm-up round, not counted: connections opened, the state caught up.
        _ = try run(client, round: -1)
        var activations: [Double] = [], releases: [Double] = [], acknowledged: [String] = []
        var seconds = 0.0
        for round in 0..<rounds {
            let started = DispatchTime.now().uptimeNanoseconds
            let result = try run(client, round: round)
            seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            activations += result.activations
            releases += result.releases
            acknowledged += result.ids
        }
        // Every activation acknowledged is in the ledger, released; no seat is held at the end.
        let state = try GovernanceService(store: try FileLedger.open(directory)).state()
        let recorded = Dictionary((state.activations[Self.license] ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in acknowledged where recorded[id]?.deactivation?.reason != "released" {
            throw BenchError("activation \(id), acknowledged and released by the server, is not recorded as released")
        }
        guard state.activeActivations(of: Self.license).isEmpty else { throw BenchError("activations are still in force after every release") }
        print("server: \(acknowledged.count) activations and as many releases by \(Self.clients) products at once, all recorded")
        let p50 = Percentile.nearestRank(activations, 0.5) * 1000, p99 = Percentile.nearestRank(activations, 0.99) * 1000
        let name = "server: online activation, \(Self.clients) clients"
        return [
            Figure(measure: name + " p50", size: size, unit: "ms", value: Spread(exact: p50),
                   baseline: Baseline(name: "server: single append p50 (head, sign, post)", unit: "ms", value: Spread(exact: appendP50)),
                   ratio: Spread(exact: appendP50 > 0 ? p50 / appendP50 : 0), target: "report"),
            Figure(measure: name + " p99", size: size, unit: "ms", value: Spread(exact: p99),
                   baseline: Baseline(name: "server: single append p99 (head, sign, post)", unit: "ms", value: Spread(exact: appendP99)),
                   ratio: Spread(exact: appendP99 > 0 ? p99 / appendP99 : 0), target: Target.atMost(20).description + " ms",
                   verdict: Target.atMost(20).verdict(Spread(exact: p99))),
            .single("server: release of an activation, \(Self.clients) clients p99", size: size,
                    Percentile.nearestRank(releases, 0.99) * 1000, unit: "ms", target: .note("report")),
            .single("server: activations and releases, \(Self.clients) clients", size: size,
                    seconds > 0 ? Double(activations.count + releases.count) / seconds : 0, unit: "requests/s", target: .note("report")),
        ]
    }

    /// One round: every client activates and releases `cycles` machines of its own, one after another.
    private func run(_ client: ActivationClient, round: Int) throws -> (activations: [Double], releases: [Double], ids: [String]) {
        try Blocking.run {
            try await withThrowingTaskGroup(of: (activations: [Double], releases: [Double], ids: [String]).self) { group in
                for c in 0..<Self.clients {
                    group.addTask {
                        var activations: [Double] = [], releases: [Double] = [], ids: [String] = []
                        for cycle in 0..<Self.cycles {
                            let (id, activated) = try await client.activate("bench-\(round)-\(c)-\(cycle)")
                            activations.append(activated)
                            releases.append(try await client.release(id))
                            ids.append(id)
                        }
                        return (activations, releases, ids)
                    }
                }
                var all: (activations: [Double], releases: [Double], ids: [String]) = ([], [], [])
                for try await some in group {
                    all.activations += some.activations
                    all.releases += some.releases
                    all.ids += some.ids
                }
                return all
            }
        }
    }
}

/// A product's requests, timed as the product sees them (connection reuse as a product's HTTP client has it).
struct ActivationClient: Sendable {
    let session: URLSession
    let server: String
    let token: String

    /// Activates a machine; its activation id and the seconds the request took.
    func activate(_ fingerprint: String) async throws -> (id: String, seconds: Double) {
        var request = try self.request("/licenses/\(ServerActivations.license)/activations", method: "POST")
        request.httpBody = Data("{\"fingerprint\":\"\(fingerprint)\",\"mode\":\"node\"}".utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (status, body, seconds) = try await send(request)
        guard status == 201, let id = (try? JSONParser.parse(body))?["activation"]?.stringValue else {
            throw BenchError("activating \(fingerprint) answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return (id, seconds)
    }

    /// Releases an activation; the seconds the request took.
    func release(_ id: String) async throws -> Double {
        let (status, body, seconds) = try await send(try request("/licenses/\(ServerActivations.license)/activations/\(id)", method: "DELETE"))
        guard status == 200 else { throw BenchError("releasing \(id) answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return seconds
    }

    private func request(_ path: String, method: String) throws -> URLRequest {
        guard let url = URL(string: server + path) else { throw BenchError("not a URL: \(server + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        return request
    }

    private func send(_ request: URLRequest) async throws -> (status: Int, body: [UInt8], seconds: Double) {
        let started = DispatchTime.now().uptimeNanoseconds
        let (data, response) = try await session.data(for: request)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard let http = response as? HTTPURLResponse else { throw BenchError("no HTTP answer from \(server)") }
        return (http.statusCode, [UInt8](data), seconds)
    }
}
