import Foundation
import Governance
import Ledger
import LedgerCrypto
import Privacy
import Testing
import TestSupport

/// Sealed fields, the key store and erasure, below the command line.
@Suite struct PrivacyTests {
    static let time = EntryTime(milliseconds: 1_780_000_000_000) ?? EntryTime.now()
    static let signer = KeyID(hex: String(repeating: "ab", count: 32))

    /// An (unsigned) entry, for the index, which reads bodies only.
    static func entry(_ seq: Int64, _ type: String, _ body: JSONValue) throws -> Entry {
        Entry(seq: seq, time: time, prev: .zero, type: type, body: body, signer: try #require(signer), signature: [])
    }

    @Test func aSealedFieldOpensOnlyWithItsKeyTypeFieldAndSubject() throws {
        let key = try SecureRandom.bytes(32)
        let sealed = try SealedValue.seal("Zoë", type: PrivacyEntry.contact, field: "name", subject: "s-1", dataKey: key)
        #expect(try sealed.open(type: PrivacyEntry.contact, field: "name", dataKey: key) == .clear("Zoë"))
        // The JSON form reads back to the same value, and holds no clear text.
        let bytes = CanonicalJSON.encode(sealed.json)
        #expect(bytes.firstRange(of: Array("Zo".utf8)) == nil)
        #expect(try SealedValue(try JSONParser.parse(bytes), field: "name") == sealed)
        // Moved to another field, type or subject, or opened with another key: the tag refuses it.
        #expect(throws: LedgerCryptoError.authenticationFailed) { try sealed.open(type: PrivacyEntry.contact, field: "email", dataKey: key) }
        #expect(throws: LedgerCryptoError.authenticationFailed) { try sealed.open(type: "privacy.other", field: "name", dataKey: key) }
        let moved = SealedValue(subject: "s-2", nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, commitment: sealed.commitment)
        #expect(throws: LedgerCryptoError.authenticationFailed) { try moved.open(type: PrivacyEntry.contact, field: "name", dataKey: key) }
        #expect(throws: LedgerCryptoError.authenticationFailed) { try sealed.open(type: PrivacyEntry.contact, field: "name", dataKey: try SecureRandom.bytes(32)) }
        // A commitment that does not match what the ciphertext holds is reported, not trusted.
        var commitment = sealed.commitment
        commitment[0] ^= 1
        let misbound = SealedValue(subject: "s-1", nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, commitment: commitment)
        #expect(try misbound.open(type: PrivacyEntry.contact, field: "name", dataKey: key) == .commitmentMismatch)
        // Two seals of one value differ (fresh salt and nonce), so equal values cannot be matched up.
        let twice = try SealedValue.seal("Zoë", type: PrivacyEntry.contact, field: "name", subject: "s-1", dataKey: key)
        #expect(twice.commitment != sealed.commitment && twice.ciphertext != sealed.ciphertext)
    }

    @Test func theFileKeyStoreRoundTripsAndLeavesNoTemporaryFile() throws {
        let dir = try TemporaryDirectory("keystore")
        let store = FileKeyStore(path: dir.file("keys.json"))
        #expect(try store.read() == nil)
        let master = try MasterKey.generate()
        let index = try Self.indexWithContact(subject: "s-1", master: master, store: store)
        let contents = try #require(try store.read())
        #expect(contents.keys["s-1"] != nil && contents.masterCheck == master.check)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") } == [])
        #expect(try PrivacyBook(index: index, keyStore: store, master: master).status("s-1") == .held)
    }

    /// Records a contact for `subject` in an index, creating its key in `store`.
    static func indexWithContact(subject: String, master: MasterKey, store: FileKeyStore, index: PrivacyIndex = PrivacyIndex(), seq: Int64 = 1) throws -> PrivacyIndex {
        var index = index
        let body = try PrivacyWrites.contactBody(customer: "acme", subject: subject, name: "Ada \(subject)", email: "\(subject)@example.com",
                                                 index: index, keyStore: store, master: master, at: time)
        index.add(try entry(seq, PrivacyEntry.contact, body))
        return index
    }

    @Test func aWrongMasterKeyOrATamperedKeyStoreDecryptsNothing() throws {
        let dir = try TemporaryDirectory("keystore")
        let store = FileKeyStore(path: dir.file("keys.json"))
        let master = try MasterKey.generate()
        let index = try Self.indexWithContact(subject: "s-1", master: master, store: store)
        do {
            _ = try PrivacyBook(index: index, keyStore: store, master: try MasterKey.generate())
            Issue.record("a wrong master key opened the key store")
        } catch let error as PrivacyError {
            #expect(error.errorCode == .privacyWrongMasterKey)
        }
        // One bit of the wrapped key changed: its tag refuses it.
        var text = try String(contentsOfFile: store.path, encoding: .utf8)
        let at = try #require(text.range(of: "\"wrapped\":\"")).upperBound
        text.replaceSubrange(at...at, with: text[at] == "0" ? "1" : "0")
        try text.write(toFile: store.path, atomically: true, encoding: .utf8)
        let book = try PrivacyBook(index: index, keyStore: store, master: master)
        let record = try #require(index.records["s-1"]?.first)
        do {
            _ = try book.fields(of: record, subject: "s-1")
            Issue.record("a tampered key decrypted")
        } catch {
            #expect(error.errorCode == .privacyKeyStoreDamaged)
        }
    }

    @Test func aCrashBetweenDestroyingTheKeyAndRecordingLeavesAPendingErasureThatASecondRunRecords() throws {
        let dir = try TemporaryDirectory("keystore")
        let store = FileKeyStore(path: dir.file("keys.json"))
        let master = try MasterKey.generate()
        var index = try Self.indexWithContact(subject: "s-1", master: master, store: store)
        index = try Self.indexWithContact(subject: "s-2", master: master, store: store, index: index, seq: 2)
        struct Crash: Error {}
        // The process dies where the entry would be written.
        #expect(throws: Crash.self) {
            try PrivacyWrites.erase("s-1", basis: .request, request: "DSR-1", keyStore: store, master: master, at: Self.time,
                                    index: { index }) { _ in throw Crash() }
        }
        let contents = try #require(try store.read())
        #expect(contents.keys["s-1"] == nil, "the key is gone before the entry is written")
        #expect(contents.tombstones["s-1"]?.recorded == nil)
        let book = try PrivacyBook(index: index, keyStore: store, master: master)
        #expect(book.status("s-1") == .erasurePending)
        let record = try #require(index.records["s-1"]?.first)
        #expect(try book.fields(of: record, subject: "s-1") == ["name": .erased, "email": .erased])
        #expect(try book.fields(of: try #require(index.records["s-2"]?.first), subject: "s-2")["name"] == .clear("Ada s-2"))
        // A second run records the erasure with the basis and request of the first.
        var written: JSONValue?
        let outcome = try PrivacyWrites.erase("s-1", basis: .request, request: nil, keyStore: store, master: master, at: Self.time,
                                              index: { index }) { body in written = body; return 3 }
        #expect(outcome == .completed(seq: 3))
        #expect(written == PrivacyEntry.eraseBody(subject: "s-1", basis: .request, request: "DSR-1"))
        index.add(try Self.entry(3, PrivacyEntry.erase, try #require(written)))
        #expect(try store.read()?.tombstones["s-1"]?.recorded == 3)
        #expect(try PrivacyBook(index: index, keyStore: store, master: master).status("s-1") == .erased)
    }

    @Test func theRulesRefuseClearPersonalFieldsAndMalformedErasures() throws {
        var state = GovernanceState()
        let key = try SecureRandom.bytes(32)
        let name = try SealedValue.seal("n", type: PrivacyEntry.contact, field: "name", subject: "s-1", dataKey: key)
        let email = try SealedValue.seal("e", type: PrivacyEntry.contact, field: "email", subject: "s-1", dataKey: key)
        let good = PrivacyEntry.contactBody(customer: "acme", subject: "s-1", name: name, email: email)
        #expect(throws: Never.self) { try state.admit(try Self.entry(1, PrivacyEntry.contact, good)) }
        var clear = try #require(good.objectValue)
        clear["name"] = .string("Clear Name")
        #expect(throws: AuthorityViolation.self) { try state.admit(try Self.entry(2, PrivacyEntry.contact, .object(clear))) }
        var otherSubject = try #require(good.objectValue)
        otherSubject["subject"] = .string("s-2")
        #expect(throws: AuthorityViolation.self) { try state.admit(try Self.entry(3, PrivacyEntry.contact, .object(otherSubject))) }
        #expect(throws: Never.self) {
            try state.admit(try Self.entry(4, PrivacyEntry.erase, PrivacyEntry.eraseBody(subject: "s-1", basis: .request, request: "DSR-9")))
        }
        #expect(throws: AuthorityViolation.self) {
            try state.admit(try Self.entry(5, PrivacyEntry.erase, ["subject": "s-1", "basis": "request", "request": "a name with spaces"]))
        }
        #expect(throws: AuthorityViolation.self) {
            try state.admit(try Self.entry(6, PrivacyEntry.erase, ["subject": "s-1", "basis": "request", "data": "x"]))
        }
    }
}

/// docs/format.md §17.1's worked example opens with the library as the document says.
@Suite struct SealedValueFormatDocTests {
    @Test func theWorkedExampleOpens() throws {
        let doc = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/format.md", encoding: .utf8)
        func block(_ marker: String) throws -> String {
            let start = try #require(doc.range(of: marker))
            let open = try #require(doc[start.upperBound...].range(of: "```\n"))
            let close = try #require(doc[open.upperBound...].range(of: "\n```"))
            return String(doc[open.upperBound..<close.lowerBound])
        }
        let key = try #require(Hex.decode(try block("<!-- example-sealed-key -->")))
        let sealed = try SealedValue(try JSONParser.parse(Array(try block("<!-- example-sealed-value -->").utf8)), field: "email")
        #expect(try sealed.open(type: PrivacyEntry.contact, field: "email", dataKey: key) == .clear("ada@acme.example"))
        #expect(throws: LedgerCryptoError.authenticationFailed) { try sealed.open(type: PrivacyEntry.contact, field: "name", dataKey: key) }
    }
}
