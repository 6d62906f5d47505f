import Ledger
import LedgerCrypto
import Testing
import TestSupport

@Suite struct CheckpointVectorTests {
    struct Vector: Decodable {
        let origin: String
        let log_private_key_pem: String
        let log_vkey: String
        let size: Int
        let root_b64: String
        let note: String
        let witness_name: String
        let witness_private_key_pem: String
        let witness_vkey: String
        let witness_timestamp: UInt64
        let cosigned_note: String
    }

    func vector() throws -> Vector { try Fixtures.load(Vector.self, "c2sp-checkpoint.json") }

    @Test func signsTheExactNote() throws {
        let v = try vector()
        let key = try PrivateKey(pem: v.log_private_key_pem)
        let checkpoint = Checkpoint(origin: v.origin, size: v.size, root: Digest(bytes: Base64.decode(v.root_b64) ?? [])!)
        #expect(try checkpoint.signed(by: key).serialized == v.note)
        // The same root as the RFC 9162 vector's 8-leaf tree.
        #expect(Digest(bytes: Base64.decode(v.root_b64) ?? [])?.hex == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    }

    @Test func verifierKeysMatch() throws {
        let v = try vector()
        let log = try PrivateKey(pem: v.log_private_key_pem)
        let witness = try PrivateKey(pem: v.witness_private_key_pem)
        #expect(try VerifierKey(name: v.origin, kind: .ed25519, publicKey: log.publicKey).description == v.log_vkey)
        #expect(try VerifierKey(name: v.witness_name, kind: .cosignatureV1, publicKey: witness.publicKey).description == v.witness_vkey)
        #expect(try VerifierKey(parsing: v.log_vkey).publicKey == log.publicKey)
        #expect(try VerifierKey(parsing: v.witness_vkey).kind == .cosignatureV1)
        #expect(throws: LedgerError.self) { try VerifierKey(parsing: v.log_vkey.replacingOccurrences(of: "+68505d3e+", with: "+68505d3f+")) }
    }

    @Test func cosignsTheExactNote() throws {
        let v = try vector()
        let witness = try PrivateKey(pem: v.witness_private_key_pem)
        let cosigned = try Cosignature.add(to: SignedNote(parsing: v.note), key: witness, name: v.witness_name, timestamp: v.witness_timestamp)
        #expect(cosigned.serialized == v.cosigned_note)
    }

    @Test func verifiesSignatureAndQuorum() throws {
        let v = try vector()
        let logKey = try VerifierKey(parsing: v.log_vkey)
        let witnessKey = try VerifierKey(parsing: v.witness_vkey)
        let plain = try Checkpoint.verify(note: v.note, logKey: logKey)
        #expect(plain.checkpoint.size == 8)
        let cosigned = try Checkpoint.verify(note: v.cosigned_note, logKey: logKey, witnesses: [witnessKey], quorum: 1)
        #expect(cosigned.cosigners.map(\.name) == [v.witness_name])
        #expect(cosigned.cosigners.first?.timestamp == v.witness_timestamp)
        // The plain note lacks the witness.
        #expect(throws: LedgerError.self) { try Checkpoint.verify(note: v.note, logKey: logKey, witnesses: [witnessKey]) }
        // Any change to the text breaks the log signature.
        #expect(throws: LedgerError.self) { try Checkpoint.verify(note: v.note.replacingOccurrences(of: "\n8\n", with: "\n9\n"), logKey: logKey) }
        // A note signed by another key under the same name is refused.
        let impostor = try PrivateKey.generate(.ed25519)
        let forged = try Checkpoint(origin: v.origin, size: 8, root: .zero).signed(by: impostor).serialized
        #expect(throws: LedgerError.self) { try Checkpoint.verify(note: forged, logKey: logKey) }
        // A checkpoint from another origin is refused.
        let other = try Checkpoint(origin: "example.com/other", size: 8, root: .zero).signed(by: PrivateKey(pem: v.log_private_key_pem)).serialized
        #expect(throws: LedgerError.self) { try Checkpoint.verify(note: other, logKey: logKey) }
        // A tampered cosignature rejects the note.
        let badCosig = v.cosigned_note.replacingOccurrences(of: "P+59mAAAAABpVbkA4kPO", with: "P+59mAAAAABpVbkB4kPO")
        #expect(throws: LedgerError.self) { try Checkpoint.verify(note: badCosig, logKey: logKey, witnesses: [witnessKey]) }
    }

    @Test(arguments: ["", "no blank line\n", "a\n1\nroot\n\nnot a signature\n", "a\n01\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u{2014} a AAAAAAAA\n"])
    func malformedNotesAreRefused(_ text: String) throws {
        let v = try vector()
        #expect(throws: LedgerError.self) { try Checkpoint.verify(note: text, logKey: VerifierKey(parsing: v.log_vkey)) }
    }
}
