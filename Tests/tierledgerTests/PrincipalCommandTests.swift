import Foundation
import Testing
import TestSupport

@Suite struct PrincipalCommandTests {
    @Test func enrolRotateRevokeAndLookBack() throws {
        let ws = try CLIWorkspace()   // admin (entry 0), bob: operator + proposer (entry 1)
        try ws.expectSuccess(["keys", "generate", "--out", "dana.pem", "--no-encrypt"])
        let enrolled = try ws.expectSuccess(["principal", "enroll", "dana", "--role", "approver:finance", "--public-key", "dana.pem.pub", "--key", "admin.pem"])
        #expect(enrolled.stdout.contains("enrolled dana (approver:finance)"))
        #expect(enrolled.stdout.contains("in entry 2"))

        // dana may not write raw entries; bob may not enrol anyone.
        let denied = try ws.run(["append", "--type", "note.text", "--body", "{}", "--key", "dana.pem"])
        #expect(denied.status == 2)
        #expect(denied.stderr.contains("dana (roles approver:finance) may not sign note.text"))
        try ws.expectSuccess(["keys", "generate", "--out", "eve.pem", "--no-encrypt"])
        let notAdmin = try ws.run(["principal", "enroll", "eve", "--role", "admin", "--public-key", "eve.pem.pub", "--key", "bob.pem"])
        #expect(notAdmin.status == 2)
        #expect(notAdmin.stderr.contains("needs admin"))

        try ws.expectSuccess(["principal", "roles", "dana", "--add", "approver:legal", "--key", "admin.pem"])      // 3
        try ws.expectSuccess(["keys", "generate", "--out", "dana2.pem", "--no-encrypt", "--algorithm", "p256"])
        try ws.expectSuccess(["principal", "rotate-key", "dana", "--public-key", "dana2.pem.pub", "--key", "dana.pem"])  // 4
        try ws.expectSuccess(["principal", "revoke", "bob", "--reason", "moved teams", "--key", "admin.pem"])          // 5
        let revoked = try ws.run(["append", "--type", "note.text", "--body", "{}", "--key", "bob.pem"])
        #expect(revoked.status == 2)
        #expect(revoked.stderr.contains("moved teams"))

        let now = try ws.expectSuccess(["principal", "list"]).stdout
        #expect(now.contains("as of entry 5: 3 principals"))
        #expect(now.contains("bob\toperator, proposer\trevoked in entry 5: moved teams"))
        #expect(now.contains("dana\tapprover:finance, approver:legal\tactive"))
        #expect(now.contains("rotated out in entry 4"))
        let then = try ws.expectSuccess(["principal", "list", "--as-of", "2"]).stdout
        #expect(then.contains("as of entry 2: 3 principals"))
        #expect(then.contains("bob\toperator, proposer\tactive"))
        #expect(then.contains("dana\tapprover:finance\tactive"))
        let json = try ws.expectSuccess(["principal", "list", "--json"]).stdout
        #expect(json.contains("\"as_of_seq\":5"))
        #expect(json.contains("\"active\":false"))

        let verify = try ws.expectSuccess(["verify"])
        #expect(verify.stdout.contains("principals: 3"))

        let badRole = try ws.run(["principal", "enroll", "x", "--role", "boss", "--public-key", "eve.pem.pub", "--key", "admin.pem"])
        #expect(badRole.status == 2)
        #expect(badRole.stderr.contains("approver:<area>"))
        let badPoint = try ws.run(["principal", "list", "--as-of", "last tuesday"])
        #expect(badPoint.status == 2)
    }
}
