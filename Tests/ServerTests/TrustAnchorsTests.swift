import Foundation
import Ledger
import LedgerCrypto
import Server
import Testing
import TestSupport

/// The trust JSON a portal page gives the in-browser verifier, and the fingerprints it shows.
@Suite struct TrustAnchorsTests {
    /// The example log key of docs/format.md §10 (a published test key).
    static let examplePEM = """
    -----BEGIN PUBLIC KEY-----
    MCowBQYDK2VwAyEAeW3KZ+fRuqv1WoxstsGBbq/BlmkdoRNCB6VhAdp9uIs=
    -----END PUBLIC KEY-----
    """

    @Test func theLogKeyIsShownAsItsVkeyAndKeyIDFingerprint() throws {
        let config = try LedgerConfig(origin: "example.com/tierledger/test", logKey: try PublicKey(pem: Self.examplePEM))
        let anchors = try TrustAnchors(config: config)
        let row = try #require(anchors.rows.first)
        #expect(anchors.rows.count == 1)
        #expect(row.kind == .log && row.name == "example.com/tierledger/test")
        // The key id of docs/format.md §10, in groups of four.
        #expect(row.fingerprint == "fb41 38f4 90c3 2718 2dad 6ac6 e1ea 5461 3d0f a9c2 218d cdf0 56d6 bd81 1e9e f2c0")
        #expect(row.vkey == (try VerifierKey(name: config.origin, kind: .ed25519, publicKey: config.logKey)).description)
        #expect(row.vkey.hasPrefix("example.com/tierledger/test+"))
        #expect(anchors.scriptElementText == #"{"log":{"fingerprint":"\#(row.fingerprint)","key_id":"fb4138f490c327182dad6ac6e1ea54613d0fa9c2218dcdf056d6bd811e9ef2c0","name":"example.com/tierledger/test","vkey":"\#(row.vkey)"},"origin":"example.com/tierledger/test","quorum":0,"witnesses":[]}"#)
    }

    @Test func witnessesAndQuorumAreCarried() throws {
        let fixture = try LedgerFixture(notes: 0)
        let one = try VerifierKey(name: "w1.example", kind: .cosignatureV1, publicKey: try PrivateKey.generate(.ed25519).publicKey)
        let two = try VerifierKey(name: "w2.example", kind: .cosignatureV1, publicKey: try PrivateKey.generate(.ed25519).publicKey)
        let anchors = try TrustAnchors(store: fixture.ledger, witnesses: [one, two], quorum: 1)
        #expect(anchors.rows.map(\.kind) == [.log, .witness, .witness])
        #expect(anchors.rows.map(\.name) == [fixture.ledger.config.origin, "w1.example", "w2.example"])
        #expect(anchors.rows[2].vkey == two.description)
        #expect(anchors.json["quorum"]?.integerValue == 1)
        #expect(anchors.json["witnesses"]?.arrayValue?.count == 2)
        #expect(anchors.json["witnesses"]?.arrayValue?.first?["key_id"]?.stringValue == one.publicKey.id.hex)
        // Without a quorum, all witnesses must cosign.
        #expect(try TrustAnchors(store: fixture.ledger, witnesses: [one, two]).quorum == 2)
    }

    @Test func badWitnessSetsAreRefused() throws {
        let fixture = try LedgerFixture(notes: 0)
        let key = try PrivateKey.generate(.ed25519).publicKey
        let witness = try VerifierKey(name: "w.example", kind: .cosignatureV1, publicKey: key)
        let noteSigner = try VerifierKey(name: "w.example", kind: .ed25519, publicKey: key)
        #expect(throws: LedgerError.self) { try TrustAnchors(store: fixture.ledger, witnesses: [noteSigner]) }
        #expect(throws: LedgerError.self) { try TrustAnchors(store: fixture.ledger, witnesses: [witness], quorum: 2) }
        #expect(throws: LedgerError.self) { try TrustAnchors(store: fixture.ledger, witnesses: [witness], quorum: -1) }
        #expect(throws: LedgerError.self) { try TrustAnchors(store: fixture.ledger, witnesses: [witness, witness]) }
    }

    @Test func theScriptElementCannotBeClosedByAName() throws {
        let fixture = try LedgerFixture(notes: 0)
        let name = "</script><!--&x>"
        let witness = try VerifierKey(name: name, kind: .cosignatureV1, publicKey: try PrivateKey.generate(.ed25519).publicKey)
        let text = try TrustAnchors(store: fixture.ledger, witnesses: [witness]).scriptElementText
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
        #expect(text.contains(#"\u003c/script\u003e\u003c!--\u0026x\u003e"#))
        // Still JSON, and the same name once parsed.
        let parsed = try JSONParser.parse(Array(text.utf8))
        #expect(parsed["witnesses"]?.arrayValue?.first?["name"]?.stringValue == name)
    }

    @Test func endpointsOverrideTheScriptsURLs() throws {
        let fixture = try LedgerFixture(notes: 0)
        let anchors = try TrustAnchors(store: fixture.ledger, endpoints: .init(entry: "e/{seq}", checkpoint: "cp", proof: "p/{seq}/{size}"))
        #expect(anchors.json["entry_url"]?.stringValue == "e/{seq}")
        #expect(anchors.json["checkpoint_url"]?.stringValue == "cp")
        #expect(anchors.json["proof_url"]?.stringValue == "p/{seq}/{size}")
        #expect(try TrustAnchors(store: fixture.ledger).json["entry_url"] == nil)
    }
}
