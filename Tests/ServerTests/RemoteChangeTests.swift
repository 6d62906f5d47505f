import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// Approvers on their own machines: `change approve|apply --server` read the request with a signed
/// request, sign the decision locally and post it. Two approvers racing for one slot get one
/// success and one clear refusal; a key without the role is refused with the rule's code; the
/// served store verifies afterwards.
@Suite struct RemoteChangeTests {
    static func keyFile(_ key: PrivateKey, _ name: String, in dir: TemporaryDirectory) throws -> String {
        let path = dir.file(name + ".pem")
        try key.pem().write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @Test func twoApproversRaceAndTheChangeIsAppliedOverHTTP() async throws {
        let book = try ServedBook()
        let deal2 = try PrivateKey.generate(.p256)
        let admin = GovernanceService.Signing(key: book.served.admin, time: .now())
        _ = try book.service.enrol("deal2", roles: Set([Role("approver:deal-desk")].compactMap { $0 }), key: deal2.publicKey, admin)
        let proposed = try book.service.propose(.seats, license: "ACME-1", params: ["seats": 12], reason: "growth",
                                                GovernanceService.Signing(key: book.pat, time: .now()))
        let request = proposed.request
        #expect(request.rule.steps.map(\.count) == [1])
        try await book.served.start()
        let base = book.served.base
        let dir = try TemporaryDirectory("remote-change")
        let dealKey = try Self.keyFile(book.deal, "deal", in: dir), deal2Key = try Self.keyFile(deal2, "deal2", in: dir)
        let patKey = try Self.keyFile(book.pat, "pat", in: dir), opsKey = try Self.keyFile(book.served.ops, "ops", in: dir)

        // The proposer may not approve: the rule's code comes back, exit 2, nothing written.
        let count = try book.served.ledger.count()
        let own = try await ProcessRunner.runDetached(ServeProcess.binary, ["change", "approve", request.id, "--yes", "--server", base, "--key", patKey])
        #expect(own.status == 2)
        #expect(own.stderr.contains("GOV-"), "\(own.stderr)")
        #expect(try book.served.ledger.count() == count)

        // Two approvers for the one slot, at once: one entry, one refusal naming why.
        async let first = ProcessRunner.runDetached(ServeProcess.binary, ["change", "approve", request.id, "--yes", "--server", base, "--key", dealKey])
        async let second = ProcessRunner.runDetached(ServeProcess.binary, ["change", "approve", request.id, "--yes", "--server", base, "--key", deal2Key])
        let results = try await [first, second]
        #expect(results.map(\.status).sorted() == [0, 2], "\(results.map(\.stderr))")
        let refusal = try #require(results.first { $0.status == 2 })
        #expect(refusal.stderr.contains("error["), "\(refusal.stderr)")
        #expect(try book.service.request(request.seq).state == .approved)

        let applied = try await ProcessRunner.runDetached(ServeProcess.binary, ["change", "apply", request.id, "--server", base, "--key", opsKey])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("applied \(request.id) to ACME-1"))
        #expect(try book.service.state().licenses["ACME-1"]?.seats == 12)
        await book.served.stop()
        let verified = try await ProcessRunner.runDetached(ServeProcess.binary, ["verify", "--ledger", book.served.ledger.paths.root])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
