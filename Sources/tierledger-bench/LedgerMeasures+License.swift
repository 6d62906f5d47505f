import BenchSupport
import Ledger
import LedgerCrypto
import Licensing

extension LedgerMeasures {
    /// The offline license check a vendor's product makes (read the armour, the checkpoint's
    /// signature, the inclusion proof, the entry and its signature, the entitlements and the term),
    /// on a certificate built on this ledger's last entry: rounds of 200 checks interleaved with
    /// rounds of 200 Ed25519 verifications on one core, and p50/p99 of single checks.
    func licenseCheck() throws -> [Figure] {
        let ledger = try FileLedger.open(directory)
        let body: JSONValue = [
            "addons": [], "customer": "bench-customer", "features": ["api-access", "core-licensing", "sso"], "grace_days": 14,
            "license": "LIC-1", "policy": .string(String(repeating: "0", count: 64)),
            "quotas": [["limit": 1_000_000, "metric": "api-calls", "period": "month"]], "seats": 25, "status": "active",
            "term_end": "2099-01-01T00:00:00.000Z", "term_start": "2026-01-01T00:00:00.000Z", "tier": "business",
        ]
        try ledger.withWriter(.noWait) { writer in _ = try writer.append([EntryDraft(type: LicenseCertificate.entryType, body: body)], signedBy: key) }
        let size = Int(try ledger.count())
        let seq = Int64(size - 1)
        let proof = try ledger.checkedInclusionProof(seq: seq, size: size).proof
        let note = try Checkpoint(origin: ledger.config.origin, size: size, root: proof.rootHash).signed(by: key).serialized
        let text = LicenseCertificate(entryLine: try ledger.line(at: seq), leafIndex: Int(seq), treeSize: size, proof: proof.hashes,
                                      checkpoint: note, signerKey: key.publicKey.subjectPublicKeyInfo).armoured()
        let checker = LicenseChecker(logKey: try VerifierKey(name: ledger.config.origin, kind: .ed25519, publicKey: key.publicKey),
                                     maxCheckpointAgeDays: 30)
        let query = LicenseChecker.Query(feature: "sso", quotas: [("api-calls", 1_000)], seats: 10)
        let now = EntryTime.now()
        func check() throws {
            let verdict = checker.check(armoured: text, at: now, query: query)
            guard verdict.allowed else { throw BenchError("the benchmark certificate was denied: \(verdict.reason)") }
        }
        try check()
        let sample = try InterleavedRatio(rounds: rounds, warmUpPairs: 1, steadiness: steadiness).run(
            baseline: { baselines.verifyRoundOnOneCore(200) },
            measured: { try Round.timed(units: 200) { for _ in 0..<200 { try check() } } })
        var latencies: [Double] = []
        for _ in 0..<2_000 { latencies.append(try Round.timed(units: 1) { try check() }.seconds) }
        return [
            .times("offline license check (proof of \(proof.hashes.count) hashes)", size: size, sample,
                   baseline: "one Ed25519 verify, 1 core", target: .note("report")),
            .single("offline license check p50", size: size, Percentile.nearestRank(latencies, 0.5) * 1000, unit: "ms", target: .atMost(1)),
            .single("offline license check p99", size: size, Percentile.nearestRank(latencies, 0.99) * 1000, unit: "ms", target: .atMost(1)),
        ]
    }
}
