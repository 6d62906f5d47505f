import Governance
import Ledger
import LedgerCrypto

/// Where personal data sits in a ledger, read from its entries alone (no keys): each subject's
/// sealed fields, and each recorded erasure.
public struct PrivacyIndex: Sendable {
    /// One entry holding sealed fields of one subject.
    public struct Record: Sendable {
        public let seq: Int64
        public let time: EntryTime
        public let type: String
        /// The sealed fields, by member name.
        public let sealed: [String: SealedValue]
        /// The entry's other top-level members (clear, not personal), for context.
        public let context: [String: JSONValue]
    }

    /// A `privacy.erase` entry.
    public struct Erasure: Sendable {
        public let seq: Int64
        public let time: EntryTime
        public let signer: KeyID
        public let basis: PrivacyEntry.Basis
        public let request: String?
    }

    /// Records by subject, in ledger order.
    public internal(set) var records: [String: [Record]] = [:]
    /// The first erasure of each subject.
    public internal(set) var erasures: [String: Erasure] = [:]

    public init() {}

    /// Every subject the ledger names, sorted.
    public var subjects: [String] { Set(records.keys).union(erasures.keys).sorted() }

    /// Reads the whole ledger.
    public static func scan(_ store: any LedgerStore) throws -> PrivacyIndex {
        var index = PrivacyIndex()
        var entries = try store.entries(strict: false, readAhead: 256)
        while let stored = try entries.nextOrThrow() {
            index.add(stored.entry)
        }
        return index
    }

    /// Folds in one entry.
    public mutating func add(_ entry: Entry) {
        guard let members = entry.body.objectValue else { return }
        if entry.type == PrivacyEntry.erase {
            guard let subject = members["subject"]?.stringValue, erasures[subject] == nil,
                  let basis = members["basis"]?.stringValue.flatMap(PrivacyEntry.Basis.init(rawValue:))
            else { return }
            erasures[subject] = Erasure(seq: entry.seq, time: entry.time, signer: entry.signer, basis: basis, request: members["request"]?.stringValue)
            return
        }
        var bySubject: [String: [String: SealedValue]] = [:]
        var context: [String: JSONValue] = [:]
        for (name, value) in members {
            if SealedValue.looksSealed(value) {
                guard let sealed = try? SealedValue(value, field: name) else { continue }
                bySubject[sealed.subject, default: [:]][name] = sealed
            } else {
                context[name] = value
            }
        }
        for (subject, sealed) in bySubject {
            records[subject, default: []].append(Record(seq: entry.seq, time: entry.time, type: entry.type, sealed: sealed, context: context))
        }
    }
}
