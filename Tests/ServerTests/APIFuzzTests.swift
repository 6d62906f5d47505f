import Foundation
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// schemathesis (PyPI) fuzzes a real `tierledger serve` of the sample ledger from docs/openapi.yaml:
/// every operation, anonymous and with a customer token; no answer may be a 5xx, and every answer's
/// status, content type and body must be what the document says. `make test` requires it
/// (TIERLEDGER_REQUIRE_SCHEMATHESIS=1, installed by scripts/ensure-deps.sh); elsewhere it runs when
/// the module is importable.
@Suite struct APIFuzzTests {
    static var available: Bool {
        (try? ProcessRunner.run("python3", ["-c", "import schemathesis"]).status) == 0
    }

    static var required: Bool { ProcessInfo.processInfo.environment["TIERLEDGER_REQUIRE_SCHEMATHESIS"] == "1" }

    @Test func theDocumentHoldsUnderFuzzing() async throws {
        guard Self.available else {
            #expect(!Self.required, "schemathesis is required (TIERLEDGER_REQUIRE_SCHEMATHESIS=1) but python3 cannot import it; run sh scripts/ensure-deps.sh")
            return
        }
        let directory = try TemporaryDirectory("api-fuzz")
        try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/ledger-samples/acme/ledger", toPath: directory.file("ledger"))
        let admin = try PrivateKey(pem: try String(contentsOfFile: Fixtures.repositoryRoot + "/ledger-samples/acme/keys/DEMO-ONLY-admin.pem", encoding: .utf8))
        let service = GovernanceService(store: try FileLedger.open(directory.file("ledger")))
        let customer = try #require(try service.state().licenses.values.map(\.customer).min())
        let token = try service.issueToken(customer: customer, scopes: [.read], days: 30, label: "api fuzz",
                                           GovernanceService.Signing(key: admin, time: .now())).text
        let server = try ServeProcess(ledger: directory.file("ledger"), extra: ["--rate-per-address", "0", "--rate-per-credential", "0"])
        defer { _ = server.stop() }
        for header in ["Authorization: Bearer " + token, "X-Anonymous: 1"] {
            let run = try await ProcessRunner.runDetached("python3", [
                "-m", "schemathesis.cli", "run", Fixtures.repositoryRoot + "/docs/openapi.yaml", "--url", server.base,
                "--max-examples", "15", "--seed", "1", "-H", header,
                // Schema-valid requests the ledger refuses on meaning (a first size above the second,
                // a body that is not a signed entry) are answered 4xx by design, not accepted.
                "--exclude-checks", "positive_data_acceptance",
            ], directory: directory.path)
            let shown = header.hasPrefix("Authorization") ? "with a customer token" : "anonymous"
            #expect(run.status == 0, "schemathesis (\(shown)) found failures:\n\(run.stdout.suffix(6_000))\(run.stderr.suffix(2_000))")
        }
    }
}
