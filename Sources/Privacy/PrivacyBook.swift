import Governance
import Ledger
import LedgerCrypto

/// The ledger's personal data read together with its key store: what is held about whom, what
/// was erased, and the clear text of what is held, for those who hold the master key.
///
/// Opening one checks the key store against the ledger first, and refuses to decrypt anything
/// when they disagree (a wrong master key, a missing key store, a key store older than the ledger
/// or than an erasure).
public struct PrivacyBook: Sendable {
    public let index: PrivacyIndex
    public let contents: KeyStoreContents
    let master: MasterKey
    let location: String

    /// The state of one subject's data.
    public enum Status: String, Sendable {
        /// Its key is in the key store: its fields can be read.
        case held
        /// Its key is destroyed and the erasure recorded.
        case erased
        /// Its key is destroyed but the erasure entry is not yet written (run `privacy erase` again).
        case erasurePending = "erasure-pending"
    }

    /// Checks the key store against the ledger and opens it with `master`.
    public init(index: PrivacyIndex, keyStore: any PrivacyKeyStore, master: MasterKey) throws {
        guard let contents = try keyStore.read() else {
            let held = index.records.keys.filter { index.erasures[$0] == nil }.sorted()
            guard held.isEmpty else {
                throw PrivacyError(.privacyKeyStoreMissing, "the key store \(keyStore.location) does not exist, but the ledger holds sealed fields of "
                    + "\(held.count) subject\(held.count == 1 ? "" : "s") (\(held.prefix(3).joined(separator: ", "))\(held.count > 3 ? ", …" : "")); "
                    + "restore it or name it with --key-store; nothing was decrypted")
            }
            try self.init(index: index, contents: KeyStoreContents(masterCheck: master.check), master: master, location: keyStore.location)
            return
        }
        try self.init(index: index, contents: contents, master: master, location: keyStore.location)
    }

    init(index: PrivacyIndex, contents: KeyStoreContents, master: MasterKey, location: String) throws {
        guard contents.masterCheck == master.check else {
            throw PrivacyError(.privacyWrongMasterKey, "the master key given is not the one the key store \(location) was made with; nothing was decrypted")
        }
        for subject in index.records.keys.sorted() where index.erasures[subject] == nil && contents.keys[subject] == nil && contents.tombstones[subject] == nil {
            let seqs = index.records[subject, default: []].map { String($0.seq) }
            throw PrivacyError(.privacyKeyStoreStale, "the key store \(location) holds no key for subject \(subject), whose sealed fields entr"
                + "\(seqs.count == 1 ? "y" : "ies") \(seqs.prefix(5).joined(separator: ", ")) hold, and the ledger records no erasure of it: "
                + "the key store is older than the ledger (restored from a backup?) or another one; restore the newest key store; nothing was decrypted")
        }
        for (subject, erasure) in index.erasures.sorted(by: { $0.key < $1.key }) where contents.keys[subject] != nil {
            throw PrivacyError(.privacyKeyStoreStale, "the key store \(location) still holds a key for subject \(subject), erased in entry \(erasure.seq): "
                + "it was restored from a backup made before the erasure; run `tierledger privacy erase \(subject)` again to destroy the key; nothing was decrypted")
        }
        self.index = index
        self.contents = contents
        self.master = master
        self.location = location
    }

    /// The status of `subject`, or nil when neither the ledger nor the key store names it.
    public func status(_ subject: String) -> Status? {
        if index.erasures[subject] != nil { return .erased }
        if contents.tombstones[subject] != nil { return .erasurePending }
        if contents.keys[subject] != nil || index.records[subject] != nil { return .held }
        return nil
    }

    /// The data key of `subject`, unwrapped; nil once erased.
    func dataKey(_ subject: String) throws(PrivacyError) -> [UInt8]? {
        guard status(subject) == .held else { return nil }
        return try contents.unwrap(subject, master: master, location: location)
    }

    /// A field as a view shows it.
    public enum Field: Sendable, Equatable {
        case clear(String)
        case erased
    }

    /// The fields of `record` as anyone reading them now sees them: clear text while the subject's
    /// key is held (its tag and commitment checked), `erased` afterwards.
    public func fields(of record: PrivacyIndex.Record, subject: String) throws(PrivacyError) -> [String: Field] {
        guard let key = try dataKey(subject) else { return record.sealed.mapValues { _ in .erased } }
        var out: [String: Field] = [:]
        for (name, sealed) in record.sealed {
            let opened: SealedValue.Opened
            do {
                opened = try sealed.open(type: record.type, field: name, dataKey: key)
            } catch {
                throw PrivacyError(.privacySealedFieldDamaged, "entry \(record.seq): field \"\(name)\" of subject \(subject) does not open under "
                    + "the subject's key (its tag does not check); nothing of it was decrypted")
            }
            guard case let .clear(text) = opened else {
                throw PrivacyError(.privacySealedFieldDamaged, "entry \(record.seq): field \"\(name)\" of subject \(subject) does not match its commitment")
            }
            out[name] = .clear(text)
        }
        return out
    }

    /// What `checkAll` found.
    public struct Checked: Sendable, Equatable {
        /// Subjects whose fields were opened, and how many fields.
        public let subjects: Int
        public let fields: Int
        /// Subjects erased (or pending), whose fields no one can open any more.
        public let erased: Int
    }

    /// Opens every sealed field of every held subject, checking its tag and its commitment: what an
    /// auditor given the keys checks beyond `verify`. Throws at the first field that does not check.
    public func checkAll() throws(PrivacyError) -> Checked {
        var (subjects, fields, erased) = (0, 0, 0)
        for subject in index.subjects {
            guard status(subject) == .held else {
                erased += 1
                continue
            }
            subjects += 1
            for record in index.records[subject] ?? [] { fields += try self.fields(of: record, subject: subject).count }
        }
        return Checked(subjects: subjects, fields: fields, erased: erased)
    }

    /// Everything held about `subject` (docs/privacy.md, "Access"): each record's context and
    /// fields, decrypted while held, and the erasure if there is one. `principal` names a signer.
    public func export(_ subject: String, principal: (KeyID) -> String?) throws -> JSONValue {
        guard let status = status(subject) else {
            throw PrivacyError(.privacyUnknownSubject, "the ledger holds nothing about subject \(subject)")
        }
        var records: [JSONValue] = []
        for record in index.records[subject] ?? [] {
            let fields = try fields(of: record, subject: subject).mapValues { field -> JSONValue in
                switch field {
                case let .clear(text): return .string(text)
                case .erased: return .object(["erased": .bool(true)])
                }
            }
            records.append(.object(["seq": .integer(record.seq), "time": .string(record.time.rfc3339), "type": .string(record.type),
                                    "context": .object(record.context), "fields": .object(fields)]))
        }
        var members: [String: JSONValue] = ["subject": .string(subject), "status": .string(status.rawValue), "records": .array(records),
                                            "key_store": .string(location)]
        if let erasure = index.erasures[subject] {
            var e: [String: JSONValue] = ["seq": .integer(erasure.seq), "time": .string(erasure.time.rfc3339), "signer": .string(erasure.signer.hex),
                                          "basis": .string(erasure.basis.rawValue)]
            if let name = principal(erasure.signer) { e["principal"] = .string(name) }
            if let request = erasure.request { e["request"] = .string(request) }
            members["erasure"] = .object(e)
        }
        return .object(members)
    }
}
