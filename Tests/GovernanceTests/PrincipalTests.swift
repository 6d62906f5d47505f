import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A governed ledger: admin (genesis), then dana (approver:finance) and ops (operator).
final class GovernedLedger: @unchecked Sendable {
    let directory: TemporaryDirectory
    let ledger: FileLedger
    let admin: PrivateKey
    let dana: PrivateKey
    let ops: PrivateKey
    let start = EntryTime(rfc3339: "2026-01-01T00:00:00.000Z")!
    private(set) var clock: Int64 = 0

    init() throws {
        directory = try TemporaryDirectory("governed")
        admin = try PrivateKey.generate(.ed25519)
        dana = try PrivateKey.generate(.p256)
        ops = try PrivateKey.generate(.ed25519)
        ledger = try FileLedger.create(at: directory.file("ledger"), origin: "example.com/governed", admin: admin,
                                       logKey: admin.publicKey, time: start).ledger
        try write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "dana", roles: [Role("approver:finance")!], key: dana.publicKey), by: admin)
        try write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "ops", roles: [.operator], key: ops.publicKey), by: admin)
    }

    /// The next entry time: one hour after the previous.
    func tick() -> EntryTime {
        clock += 1
        return EntryTime(milliseconds: start.milliseconds + clock * 3_600_000)!
    }

    /// Moves the clock on by `hours` without writing.
    func advance(hours: Int64) { clock += hours }

    /// The time the next write will get.
    var nextTime: EntryTime { EntryTime(milliseconds: start.milliseconds + (clock + 1) * 3_600_000)! }

    @discardableResult
    func write(_ type: String, _ body: JSONValue, by key: PrivateKey) throws -> StoredEntry {
        // A scenario on its own calendar, which may run ahead of this machine's clock.
        let result = try ledger.append([EntryDraft(type: type, body: body)], signedBy: key, authority: GovernanceState(), at: tick(),
                                       future: .allowed)
        return try #require(result.entries.first)
    }

    /// Appends a correctly chained, validly signed entry straight to the file, bypassing the writer's checks.
    @discardableResult
    func force(_ type: String, _ body: JSONValue, by key: PrivateKey, at time: EntryTime? = nil) throws -> Int64 {
        let head = try #require(try ledger.head())
        let entry = try Entry.signed(seq: head.seq + 1, time: time ?? tick(), prev: head.hash, type: type, body: body, by: key)
        let handle = try #require(FileHandle(forWritingAtPath: ledger.paths.entries))
        handle.seekToEndOfFile()
        handle.write(Data(entry.canonicalBytes + [0x0A]))
        try handle.close()
        return entry.seq
    }

    func verify() throws -> VerificationReport {
        try Verifier(authority: GovernanceState()).verify(FileLedger.open(ledger.paths.root)).report
    }
}

@Suite struct PrincipalTests {
    func expectRejected(_ reason: String, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            guard case let LedgerError.rejected(text, _) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test func enrolmentGivesRolesAndTheWriterEnforcesThem() throws {
        let g = try GovernedLedger()
        try g.write("license.note", ["n": 1], by: g.ops)
        // dana holds approver:finance only: no raw entries, no enrolments.
        expectRejected("needs admin or operator") { try g.write("license.note", ["n": 2], by: g.dana) }
        let eve = try PrivateKey.generate(.ed25519)
        expectRejected("needs admin") {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.admin], key: eve.publicKey), by: g.ops)
        }
        #expect(try g.verify().isIntact)
        let state = try GovernanceReplay.state(of: g.ledger)
        #expect(state.principals["dana"]?.roles == [Role("approver:finance")!])
        #expect(state.principals.count == 3)
    }

    @Test func aForcedEnrolmentByANonAdminFailsVerify() throws {
        let g = try GovernedLedger()
        let eve = try PrivateKey.generate(.ed25519)
        let seq = try g.force(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "eve", roles: [.admin], key: eve.publicKey), by: g.ops)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.code == .authority)
        #expect(failure.reason.contains("ops (roles operator) may not sign principal.enroll"))
    }

    @Test func afterRotationTheOldKeyFailsButItsEarlierEntriesStand() throws {
        let g = try GovernedLedger()
        try g.write("license.note", ["before": 1], by: g.ops)
        let newOps = try PrivateKey.generate(.p256)
        // The principal rotates its own key.
        try g.write(GovernanceEntryType.rotateKey, PrincipalBodies.rotateKey(name: "ops", key: newOps.publicKey), by: g.ops)
        try g.write("license.note", ["after": 1], by: newOps)
        expectRejected("rotated out") { try g.write("license.note", ["stale": 1], by: g.ops) }
        #expect(try g.verify().isIntact)
        let seq = try g.force("license.note", ["stale": 2], by: g.ops)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("rotated out"))
        // Someone else without admin may not rotate ops's key.
        let g2 = try GovernedLedger()
        expectRejected("needs admin") {
            try g2.write(GovernanceEntryType.rotateKey, PrincipalBodies.rotateKey(name: "ops", key: newOps.publicKey), by: g2.dana)
        }
    }

    @Test func afterRevocationThePrincipalSignsNothing() throws {
        let g = try GovernedLedger()
        try g.write("license.note", ["before": 1], by: g.ops)
        try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "ops", reason: "left the company"), by: g.admin)
        expectRejected("revoked") { try g.write("license.note", ["after": 1], by: g.ops) }
        #expect(try g.verify().isIntact)
        let seq = try g.force("license.note", ["after": 2], by: g.ops)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.code == .authority)
        #expect(failure.reason.contains("left the company"))
    }

    @Test func aScheduledRevocationTakesEffectAtItsTime() throws {
        let g = try GovernedLedger()
        let effective = EntryTime(milliseconds: g.start.milliseconds + 10 * 3_600_000)!
        try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "dana", reason: "role ends", keyID: g.dana.publicKey.id,
                                                                       effective: effective), by: g.admin)
        try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "dana", add: [.operator], remove: []), by: g.admin)
        try g.write("license.note", ["still": "valid"], by: g.dana)
        _ = try g.force("license.note", ["too": "late"], by: g.dana, at: EntryTime(milliseconds: effective.milliseconds + 1))
        let failure = try #require(try g.verify().failure)
        #expect(failure.code == .authority)
        #expect(failure.reason.contains("revoked"))
        // A revocation dated before its own entry is refused.
        let g2 = try GovernedLedger()
        expectRejected("takes effect at its own time or later") {
            try g2.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "ops", reason: "x", effective: g2.start), by: g2.admin)
        }
    }

    @Test func aRotationRetiresAKeyWhoseRevocationIsOnlyScheduled() throws {
        let g = try GovernedLedger()
        let effective = EntryTime(milliseconds: g.start.milliseconds + 1_000 * 3_600_000)!
        try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "ops", reason: "laptop retires next month", keyID: g.ops.publicKey.id,
                                                                       effective: effective), by: g.admin)
        try g.write("license.note", ["before": "rotation"], by: g.ops)
        let newOps = try PrivateKey.generate(.ed25519)
        try g.write(GovernanceEntryType.rotateKey, PrincipalBodies.rotateKey(name: "ops", key: newOps.publicKey), by: g.admin)
        // The old key stops at the rotation, not at its later revocation date.
        expectRejected("rotated out") { try g.write("license.note", ["stale": 1], by: g.ops) }
        try g.write("license.note", ["after": "rotation"], by: newOps)
        #expect(try g.verify().isIntact)
        let record = try #require(try GovernanceReplay.state(of: g.ledger).principals["ops"]?.keys.first)
        #expect(record.rotatedAt != nil && record.revocation?.reason == "laptop retires next month")
        let seq = try g.force("license.note", ["stale": 2], by: g.ops)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.code == .authority)
        #expect(failure.reason.contains("rotated out"))
    }

    @Test func theLastAdminKeyCannotBeRevokedByID() throws {
        let g = try GovernedLedger()
        for effective in [nil, EntryTime(milliseconds: g.start.milliseconds + 100 * 3_600_000)] {
            expectRejected("no active admin") {
                try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "admin", reason: "lost laptop", keyID: g.admin.publicKey.id,
                                                                               effective: effective), by: g.admin)
            }
        }
        let seq = try g.force(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "admin", reason: "lost laptop", keyID: g.admin.publicKey.id),
                              by: g.admin)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("no active admin"))
        // Rotating first, then revoking the old key by id, keeps an admin.
        let g2 = try GovernedLedger()
        let next = try PrivateKey.generate(.ed25519)
        try g2.write(GovernanceEntryType.rotateKey, PrincipalBodies.rotateKey(name: "admin", key: next.publicKey), by: g2.admin)
        expectRejected("already retired") {
            try g2.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "admin", reason: "old", keyID: g2.admin.publicKey.id), by: next)
        }
        #expect(try g2.verify().isIntact)
    }

    /// The same P-256 key in compressed form is not another key: read from PEM it has the revoked
    /// key's id and is refused as reused; forced into the file in that form, verify names the entry.
    @Test func aRevokedKeyCannotReturnUnderAnotherEncoding() throws {
        let g = try GovernedLedger()
        try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "dana", reason: "laptop stolen"), by: g.admin)
        let dir = try TemporaryDirectory()
        try g.dana.publicKey.pem().write(toFile: dir.file("dana.pub"), atomically: true, encoding: .utf8)
        let compressedPEM = try ProcessRunner.run("openssl", ["pkey", "-pubin", "-in", dir.file("dana.pub"), "-pubout", "-ec_conv_form", "compressed"])
        let again = try PublicKey(pem: compressedPEM.stdout)
        #expect(again.id == g.dana.publicKey.id)
        expectRejected("keys are never shared or reused") {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "dana2", roles: [.proposer], key: again), by: g.admin)
        }
        let der = try ProcessRunner.run("openssl", ["pkey", "-pubin", "-in", dir.file("dana.pub"), "-outform", "DER", "-ec_conv_form", "compressed"])
        let descriptor: JSONValue = ["algorithm": "p256", "key_id": .string(Hex.encode(SHA256.hash(der.stdoutBytes))),
                                     "spki": .string(Base64.encode(der.stdoutBytes))]
        let seq = try g.force(GovernanceEntryType.enroll, ["key": descriptor, "name": "dana2", "roles": ["proposer"]], by: g.admin)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("not in its canonical encoding"))
    }

    /// Role grants change something: no enrolment without a role, no adding a held role or removing
    /// one not held, and once a policy is in force only the approval areas it declares.
    @Test func roleGrantsAreExactAndNameDeclaredAreas() throws {
        let g = try GovernedLedger()
        let key = try PrivateKey.generate(.ed25519)
        expectRejected("names no role") {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "nobody", roles: [], key: key.publicKey), by: g.admin)
        }
        expectRejected("already holds operator") {
            try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "ops", add: [.operator], remove: []), by: g.admin)
        }
        expectRejected("does not hold auditor") {
            try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "ops", add: [], remove: [.auditor]), by: g.admin)
        }
        // Before any policy, any well-formed area; afterwards only the declared ones.
        try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "ops", add: [Role("approver:procurement")!], remove: []), by: g.admin)
        let policy = try PolicySet.load(directory: PolicyCheckTests.directory)
        try g.write(PolicyAdoption.type, PolicyAdoption.body(policy), by: g.admin)
        expectRejected("does not declare") {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "pro", roles: [Role("approver:procurement")!], key: key.publicKey,
                                                                           policy: policy.hash), by: g.admin)
        }
        try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "fin", roles: [Role("approver:finance")!], key: key.publicKey,
                                                                       policy: policy.hash), by: g.admin)
        #expect(try g.verify().isIntact)
        let seq = try g.force(GovernanceEntryType.roles, PrincipalBodies.roles(name: "fin", add: [Role("approver:procurement")!], remove: [],
                                                                                 policy: policy.hash), by: g.admin)
        let failure = try #require(try g.verify().failure)
        #expect(failure.seq == seq)
        #expect(failure.reason.contains("does not declare"))
    }

    @Test func theLastAdminCannotBeRemovedAndKeysAreNeverReused() throws {
        let g = try GovernedLedger()
        expectRejected("no active admin") {
            try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "admin", add: [], remove: [.admin]), by: g.admin)
        }
        expectRejected("no active admin") {
            try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "admin", reason: "oops"), by: g.admin)
        }
        expectRejected("already belongs to ops") {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "twin", roles: [.auditor], key: g.ops.publicKey), by: g.admin)
        }
        expectRejected("already enrolled") {
            try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "ops", roles: [.auditor],
                                                                           key: try PrivateKey.generate(.ed25519).publicKey), by: g.admin)
        }
        expectRejected("unknown member") {
            try g.write(GovernanceEntryType.roles, ["name": "ops", "add": ["auditor"], "remove": [], "extra": 1], by: g.admin)
        }
        expectRejected("approver:<area>") {
            try g.write(GovernanceEntryType.roles, ["name": "ops", "add": ["superuser"], "remove": []], by: g.admin)
        }
        // With a second admin, the first may step down.
        let second = try PrivateKey.generate(.ed25519)
        try g.write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: "admin2", roles: [.admin], key: second.publicKey), by: g.admin)
        try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "admin", add: [.auditor], remove: [.admin]), by: second)
        expectRejected("needs admin") {
            try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "ops", reason: "x"), by: g.admin)
        }
        #expect(try g.verify().isIntact)
    }

    @Test func replayAsOfAnyPointMatchesWhatWasTrueThen() throws {
        let g = try GovernedLedger()                                   // entries 0-2, times +0h, +1h, +2h
        try g.write(GovernanceEntryType.roles, PrincipalBodies.roles(name: "dana", add: [.proposer], remove: []), by: g.admin)  // 3 @ +3h
        let newDana = try PrivateKey.generate(.ed25519)
        try g.write(GovernanceEntryType.rotateKey, PrincipalBodies.rotateKey(name: "dana", key: newDana.publicKey), by: g.admin) // 4 @ +4h
        try g.write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "ops", reason: "contract ended"), by: g.admin)    // 5 @ +5h

        let atTwo = try GovernanceReplay.state(of: g.ledger, at: .seq(2))
        #expect(atTwo.lastSeq == 2)
        #expect(atTwo.principals["dana"]?.roles == [Role("approver:finance")!])
        #expect(atTwo.principals["dana"]?.currentKey?.key == g.dana.publicKey)
        #expect(atTwo.principals["ops"]?.isActive == true)

        let atThreeThirty = try GovernanceReplay.state(of: g.ledger, at: .time(EntryTime(milliseconds: g.start.milliseconds + 3 * 3_600_000 + 1_800_000)!))
        #expect(atThreeThirty.lastSeq == 3)
        #expect(atThreeThirty.principals["dana"]?.roles.contains(.proposer) == true)
        #expect(atThreeThirty.principals["dana"]?.currentKey?.key == g.dana.publicKey)

        let now = try GovernanceReplay.state(of: g.ledger)
        #expect(now.principals["dana"]?.currentKey?.key == newDana.publicKey)
        #expect(now.principals["dana"]?.keys.count == 2)
        #expect(now.principals["ops"]?.isActive == false)
        #expect(GovernanceReplay.Point("2026-01-01") != nil)
        #expect(GovernanceReplay.Point("yesterday") == nil)
    }
}
