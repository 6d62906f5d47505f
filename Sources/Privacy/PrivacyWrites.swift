import Governance
import Ledger
import LedgerCrypto

/// The writes of personal data: sealing fields under a subject's key, and erasing a subject.
public enum PrivacyWrites {
    /// The body of a `privacy.contact` entry with `name` and `email` sealed for `subject`.
    ///
    /// A subject without a key gets one, written to the key store (durably) before this returns,
    /// so no entry can hold fields whose key was never kept. A subject erased before (or with an
    /// erasure pending) is refused: its id is spent.
    public static func contactBody(customer: String, subject: String, name: String, email: String, index: PrivacyIndex,
                                   keyStore: any PrivacyKeyStore, master: MasterKey, at time: EntryTime) throws -> JSONValue {
        try checkSubject(subject)
        let key = try keyStore.withLock { () throws -> [UInt8] in
            let book = try PrivacyBook(index: index, keyStore: keyStore, master: master)
            switch book.status(subject) {
            case .erased?, .erasurePending?:
                throw PrivacyError(.privacyAlreadyErased, "subject \(subject) was erased; record new data under a new subject id")
            case .held?:
                if let key = try book.dataKey(subject) { return key }
                fallthrough
            case nil:
                let key = try SecureRandom.bytes(AESGCM.keyByteCount)
                var contents = book.contents
                contents.keys[subject] = try KeyStoreContents.wrap(key, subject: subject, master: master, at: time)
                try keyStore.write(contents)
                return key
            }
        }
        let type = PrivacyEntry.contact
        return PrivacyEntry.contactBody(customer: customer, subject: subject,
                                        name: try SealedValue.seal(name, type: type, field: "name", subject: subject, dataKey: key),
                                        email: try SealedValue.seal(email, type: type, field: "email", subject: subject, dataKey: key))
    }

    /// What `erase` did.
    public enum Erased: Sendable, Equatable {
        /// The key was destroyed and the erasure recorded in this entry.
        case recorded(seq: Int64)
        /// The key had been destroyed by an interrupted erase; its erasure is now recorded in this entry.
        case completed(seq: Int64)
        /// The ledger had recorded the erasure in this entry, but the key store (restored from an
        /// older backup) still held the key: it is destroyed now, and nothing new is recorded.
        case reapplied(erasure: Int64)
    }

    /// Erases `subject`: destroys its data key, then records a `privacy.erase` entry through
    /// `record` (which returns the entry's sequence number).
    ///
    /// The order is the point. The key store is rewritten first, with the key replaced by a
    /// tombstone that says the erasure is pending; only then is the entry written; then the
    /// tombstone notes the entry. A crash before the first step leaves neither; between the
    /// steps, the key is gone and the erasure pending, which every privacy command reports and a
    /// second `erase` completes. The ledger can therefore never record an erasure whose key still
    /// exists. (The other order could: an entry written, then a crash before the key went.)
    public static func erase(_ subject: String, basis: PrivacyEntry.Basis, request: String?, keyStore: any PrivacyKeyStore, master: MasterKey,
                             at time: EntryTime, index: () throws -> PrivacyIndex, record: (JSONValue) throws -> Int64) throws -> Erased {
        try checkSubject(subject)
        if let request, !PrivacyEntry.isValidRequest(request) {
            throw PrivacyError(.privacyBadInput, "request reference \"\(request.prefix(40))\" must be 1–\(PrivacyEntry.maxRequestLength) printable ASCII characters without spaces")
        }
        return try keyStore.withLock { () throws -> Erased in
            let index = try index()
            let stored = try keyStore.read()
            // A key an erasure in the ledger covers is destroyed whatever else the store says.
            if let erasure = index.erasures[subject] {
                guard var contents = stored, contents.keys[subject] != nil || contents.tombstones[subject]?.recorded != erasure.seq else {
                    throw PrivacyError(.privacyAlreadyErased, "subject \(subject) was erased in entry \(erasure.seq) (\(erasure.time)); its key is gone")
                }
                guard contents.masterCheck == master.check else {
                    throw PrivacyError(.privacyWrongMasterKey, "the master key given is not the one the key store \(keyStore.location) was made with")
                }
                let hadKey = contents.keys.removeValue(forKey: subject) != nil
                contents.tombstones[subject] = .init(destroyed: time, basis: erasure.basis, request: erasure.request, recorded: erasure.seq)
                try keyStore.write(contents)
                if hadKey { return .reapplied(erasure: erasure.seq) }
                throw PrivacyError(.privacyAlreadyErased, "subject \(subject) was erased in entry \(erasure.seq) (\(erasure.time)); its key is gone")
            }
            let book = try PrivacyBook(index: index, keyStore: keyStore, master: master)
            var contents = book.contents
            let pending = contents.tombstones[subject]
            switch book.status(subject) {
            case nil:
                throw PrivacyError(.privacyUnknownSubject, "neither the ledger nor the key store \(keyStore.location) holds anything about subject \(subject)")
            case .held?:
                // 1. Destroy the key (durably), leaving a pending tombstone.
                contents.keys[subject] = nil
                contents.tombstones[subject] = .init(destroyed: time, basis: basis, request: request, recorded: nil)
                try keyStore.write(contents)
            case .erasurePending?, .erased?:
                break
            }
            // 2. Record the erasure.
            let tombstone = contents.tombstones[subject] ?? .init(destroyed: time, basis: basis, request: request, recorded: nil)
            let seq = try record(PrivacyEntry.eraseBody(subject: subject, basis: tombstone.basis, request: tombstone.request))
            // 3. Note the entry in the tombstone.
            contents.tombstones[subject]?.recorded = seq
            try keyStore.write(contents)
            return pending == nil ? .recorded(seq: seq) : .completed(seq: seq)
        }
    }

    static func checkSubject(_ subject: String) throws(PrivacyError) {
        guard PrivacySubject.isValid(subject) else {
            throw PrivacyError(.privacyBadInput, "\"\(subject.prefix(64))\" is not a subject id: \(PrivacySubject.rule); never a name or an e-mail")
        }
    }
}
