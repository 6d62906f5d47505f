import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// Access tokens in the ledger: issued and revoked by an admin, known only by their SHA-256,
/// confined to a customer that holds a license, at most a year long; replay refuses any other.
@Suite struct AccessTokenTests {
    static func office() throws -> Office {
        let o = try Office()
        let cr = try o.propose(.issue, "ACME-1", Office.teamIssue)
        try o.approveAll(cr)
        try o.apply(cr)
        return o
    }

    static func issue(_ o: Office, customer: String = "acme", days: Int64 = 30, by: String = "admin",
                      id: String? = nil, scopes: [String] = ["read"]) throws -> (text: String, id: String, seq: Int64) {
        let generated = try TokenText.generate()
        let tokenID = id ?? generated.id
        let text = TokenText.prefix + tokenID + "_" + String(generated.text.suffix(43))
        var body = TokenEntry.issueBody(id: tokenID, customer: customer, scopes: [.read], expires: try #require(EntryTime(milliseconds: o.g.nextTime.milliseconds + days * 86_400_000)),
                                        hash: TokenText.digest(text), label: "test")
        if case var .object(members) = body {
            members["scopes"] = .array(scopes.map { .string($0) })
            body = .object(members)
        }
        return (text, tokenID, try o.g.write(TokenEntry.issue, body, by: o.key(by)).entry.seq)
    }

    @Test func aTokenAuthenticatesUntilItExpiresOrIsRevoked() throws {
        let o = try Self.office()
        let token = try Self.issue(o, days: 30)
        let state = try o.state()
        let now = o.g.nextTime
        let found = try state.token(presented: token.text, at: now).get()
        #expect(found.customer == "acme")
        #expect(found.scopes == [.read])
        #expect(found.issuedAt == token.seq)
        #expect(found.issuedBy == "admin")
        #expect(found.hash == TokenText.digest(token.text))
        // Same id, other secret; not a token at all; past its expiry.
        let other = String(token.text.dropLast(1)) + (token.text.hasSuffix("A") ? "B" : "A")
        #expect(state.token(presented: other, at: now) == .failure(.unknown))
        #expect(state.token(presented: "tlt_nope", at: now) == .failure(.malformed))
        let later = try #require(EntryTime(milliseconds: now.milliseconds + 31 * 86_400_000))
        #expect(state.token(presented: token.text, at: later) == .failure(.expired(id: token.id, at: found.expires)))
        let revocation = try o.g.write(TokenEntry.revoke, TokenEntry.revokeBody(id: token.id, reason: "lost"), by: o.g.admin)
        #expect(try o.state().token(presented: token.text, at: now) == .failure(.revoked(id: token.id, seq: revocation.entry.seq)))
        #expect(try o.g.verify().isIntact)
    }

    @Test func theRulesRefuseTokenEntriesOutsideThem() throws {
        let o = try Self.office()
        o.refused("needs admin") { _ = try Self.issue(o, by: "ops") }
        o.refused("no license belongs to customer nobody") { _ = try Self.issue(o, customer: "nobody") }
        o.refused("at most 366 days") { _ = try Self.issue(o, days: 400) }
        o.refused("unknown or repeated scope") { _ = try Self.issue(o, scopes: ["write"]) }
        let token = try Self.issue(o)
        o.refused("already issued") { _ = try Self.issue(o, id: token.id) }
        o.refused("no token 0123456789abcdef") { _ = try o.g.write(TokenEntry.revoke, TokenEntry.revokeBody(id: "0123456789abcdef", reason: "x"), by: o.g.admin) }
        _ = try o.g.write(TokenEntry.revoke, TokenEntry.revokeBody(id: token.id, reason: "done"), by: o.g.admin)
        o.refused("already revoked") { _ = try o.g.write(TokenEntry.revoke, TokenEntry.revokeBody(id: token.id, reason: "again"), by: o.g.admin) }
        o.refused("reserves") { _ = try o.g.write("token.grant", ["id": "x"], by: o.g.admin) }
    }

    @Test func verifyNamesAForgedTokenEntry() throws {
        let o = try Self.office()
        let generated = try TokenText.generate()
        let body = TokenEntry.issueBody(id: generated.id, customer: "acme", scopes: [.read], expires: try #require(EntryTime(milliseconds: o.g.nextTime.milliseconds + 86_400_000)),
                                        hash: TokenText.digest(generated.text), label: "")
        let seq = try o.g.force(TokenEntry.issue, body, by: o.g.ops)
        let failure = try #require(try o.g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("needs admin"))
    }

    @Test func tokensSurviveAStateSnapshot() throws {
        let o = try Self.office()
        let kept = try Self.issue(o)
        let gone = try Self.issue(o)
        _ = try o.g.write(TokenEntry.revoke, TokenEntry.revokeBody(id: gone.id, reason: "rotated"), by: o.g.admin)
        let state = try o.state()
        let head = try #require(try o.g.ledger.head())
        let bytes = GovernanceSnapshot(state: state, head: head).bytes
        let decoded = try GovernanceSnapshot(decoding: bytes)
        #expect(decoded.state.tokens == state.tokens)
        #expect(decoded.bytes == bytes)
        #expect(decoded.state.tokens[kept.id]?.revocation == nil)
        #expect(decoded.state.tokens[gone.id]?.revocation?.reason == "rotated")
    }
}
