import Foundation
import Ledger
import LedgerCrypto
@testable import Server
import Testing

/// HTTP Message Signatures (RFC 9421): the signature base byte for byte, the RFC's own Ed25519
/// vector, P-256 in its r‖s form, and every way a signature is refused.
@Suite struct MessageSignatureTests {
    /// RFC 9421 B.1.4 `test-key-ed25519` (its seed and public key, base64url) and B.2.6's request.
    static let seed = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU"
    static let publicKey = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs"
    static let input = #"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#
    static let signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:"
    static let base = """
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"
        """
    static let message = MessageSignature.Message(method: "POST", target: "/foo?param=Value&Pet=dog", authority: "example.com",
                                                  fields: ["date": ["Tue, 20 Apr 2021 02:07:55 GMT"], "content-type": ["application/json"],
                                                           "content-length": ["18"]])

    static func base64URL(_ text: String) -> [UInt8]? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.utf8.count % 4 != 0 { standard += "=" }
        return Ledger.Base64.decode(standard)
    }

    @Test func theRFCsEd25519VectorReproducesByteForByte() throws {
        let signed = try SignedRequest(input: Self.input, signature: Self.signature)
        #expect(signed.label == "sig-b26")
        #expect(signed.parameters.serialized == String(Self.input.dropFirst("sig-b26=".count)))
        let base = try MessageSignature.base(of: Self.message, signed.parameters).get()
        #expect(String(decoding: base, as: UTF8.self) == Self.base)
        let key = try PrivateKey.ed25519(seed: try #require(Self.base64URL(Self.seed)))
        #expect(try key.publicKey.rawEd25519() == Self.base64URL(Self.publicKey))
        #expect(try MessageSignature.sign(base, with: key) == signed.signature)
        try signed.verify(Self.message, with: key.publicKey)
        var other = Self.message
        other.method = "PUT"
        #expect(throws: SignatureFailure.badSignature) { try signed.verify(other, with: key.publicKey) }
    }

    @Test func theServersFormCoversMethodPathAndQuery() throws {
        for algorithm in [SignatureAlgorithm.ed25519, .p256] {
            let key = try PrivateKey.generate(algorithm)
            let message = MessageSignature.Message(method: "GET", target: "/licenses/ACME-1?as_of=2026-06-30", authority: "ledger.example:8080")
            let headers = try MessageSignature.headers(for: message, key: key, created: 1_800_000_000)
            #expect(headers.input.hasPrefix(#"tierledger=("@method" "@authority" "@path" "@query");created=1800000000;keyid="\#(key.publicKey.id.hex)""#))
            let signed = try SignedRequest(input: headers.input, signature: headers.signature)
            #expect(signed.signature.count == 64)
            #expect(try signed.acceptableKeyID(now: 1_800_000_100) == key.publicKey.id.hex)
            try signed.verify(message, with: key.publicKey)
            let base = try MessageSignature.base(of: message, signed.parameters).get()
            #expect(String(decoding: base, as: UTF8.self).hasPrefix("\"@method\": GET\n\"@authority\": ledger.example:8080\n\"@path\": /licenses/ACME-1\n\"@query\": ?as_of=2026-06-30\n"))
            // Another query, path or key does not verify.
            for changed in ["/licenses/ACME-1?as_of=2026-07-01", "/licenses/ACME-2?as_of=2026-06-30", "/licenses/ACME-1"] {
                #expect(throws: SignatureFailure.badSignature) { try signed.verify(MessageSignature.Message(method: "GET", target: changed, authority: "ledger.example:8080"), with: key.publicKey) }
            }
            #expect(throws: SignatureFailure.self) { try signed.verify(message, with: try PrivateKey.generate(algorithm).publicKey) }
        }
    }

    @Test func signaturesOutsideTheRulesAreRefused() throws {
        let key = try PrivateKey.generate(.ed25519)
        let message = MessageSignature.Message(method: "GET", target: "/whoami", authority: "ledger.example")
        let good = try MessageSignature.headers(for: message, key: key, created: 1_800_000_000)
        let signed = try SignedRequest(input: good.input, signature: good.signature)
        #expect(throws: SignatureFailure.stale(created: 1_800_000_000, now: 1_800_000_301, window: 300)) { try signed.acceptableKeyID(now: 1_800_000_301) }
        #expect(throws: SignatureFailure.stale(created: 1_800_000_000, now: 1_799_999_699, window: 300)) { try signed.acceptableKeyID(now: 1_799_999_699) }
        let local = good.input.replacingOccurrences(of: #" "@authority""#, with: "")
        #expect(throws: SignatureFailure.notCovered("@authority")) { try SignedRequest(input: local, signature: good.signature).acceptableKeyID(now: 1_800_000_000) }
        let narrow = good.input.replacingOccurrences(of: #" "@query""#, with: "")
        #expect(throws: SignatureFailure.notCovered("@query")) { try SignedRequest(input: narrow, signature: good.signature).acceptableKeyID(now: 1_800_000_000) }
        let noCreated = good.input.replacingOccurrences(of: ";created=1800000000", with: "")
        #expect(throws: SignatureFailure.missingParameter("created")) {
            try SignedRequest(input: noCreated, signature: good.signature).acceptableKeyID(now: 1_800_000_000)
        }
        let expired = good.input + ";expires=1800000010"
        #expect(throws: SignatureFailure.expired(1_800_000_010)) { try SignedRequest(input: expired, signature: good.signature).acceptableKeyID(now: 1_800_000_020) }
        let wrongAlg = good.input.replacingOccurrences(of: #"alg="ed25519""#, with: #"alg="ecdsa-p256-sha256""#)
        #expect(throws: SignatureFailure.algorithmMismatch(declared: "ecdsa-p256-sha256", key: "ed25519")) {
            try SignedRequest(input: wrongAlg, signature: good.signature).verify(message, with: key.publicKey)
        }
        for (input, signature) in [("tierledger=(\"@method\"", good.signature), (good.input + ",", good.signature),
                                   (good.input, "tierledger=:not base64:"), (good.input, "other=:AAAA:"),
                                   ("a=(\"@method\"), b=(\"@path\")", good.signature), ("tierledger=\"@method\"", good.signature)] {
            #expect(throws: SignatureFailure.self, "\(input) / \(signature)") { _ = try SignedRequest(input: input, signature: signature) }
        }
    }

    @Test func structuredFieldsKeepOrderAndRefuseNonsense() throws {
        let members = try StructuredFields.dictionary(#"a=("x" "y");n=1;s="q\"t";b, c=:AQID:"#)
        #expect(members.map(\.0) == ["a", "c"])
        #expect(members[0].1.innerList == [.string("x"), .string("y")])
        #expect(members[0].1.parameters.map(\.0) == ["n", "s", "b"])
        #expect(members[0].1.parameter("s") == .string(#"q"t"#))
        #expect(members[1].1.item == .bytes([1, 2, 3]))
        #expect(StructuredFields.serialize(parameters: members[0].1.parameters) == #";n=1;s="q\"t";b"#)
        for bad in ["A=1", "a=\"open", "a=(\"x\";p)", "a=1,", "a=1234567890123456", "a=\"\u{7F}\"", "a=1.5"] {
            #expect(throws: StructuredFields.Failure.self, "\(bad)") { _ = try StructuredFields.dictionary(bad) }
        }
    }
}
