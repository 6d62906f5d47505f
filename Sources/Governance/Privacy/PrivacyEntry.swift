import Ledger
import LedgerCrypto

/// The entry types of personal data and its erasure, signed by an operator or an admin
/// (docs/format.md §17).
///
/// - `privacy.contact`: `{"customer":<id>,"email":<sealed>,"name":<sealed>,"subject":<subject>}`, a
///   customer's contact person; both personal fields are sealed for `subject`.
/// - `privacy.erase`: `{"basis":"request"|"retention","request"?:<ref>,"subject":<subject>}`, the
///   record that `subject`'s data key was destroyed: by whom (the signer), when (the entry's time),
///   under which request and on which basis. It never holds the erased data.
public enum PrivacyEntry {
    public static let contact = "privacy.contact"
    public static let erase = "privacy.erase"
    public static let types: Set<String> = [contact, erase]

    /// Longest request reference, in bytes.
    public static let maxRequestLength = 128

    /// Why a subject's key was destroyed.
    public enum Basis: String, Sendable, CaseIterable {
        /// The subject (or someone for them) asked for erasure.
        case request
        /// The data outlived the retention its tier promises (`privacy enforce`).
        case retention
    }

    public static func contactBody(customer: String, subject: String, name: SealedValue, email: SealedValue) -> JSONValue {
        .object(["customer": .string(customer), "subject": .string(subject), "name": name.json, "email": email.json])
    }

    public static func eraseBody(subject: String, basis: Basis, request: String?) -> JSONValue {
        var members: [String: JSONValue] = ["subject": .string(subject), "basis": .string(basis.rawValue)]
        if let request { members["request"] = .string(request) }
        return .object(members)
    }

    /// True when `text` may name an erasure request: 1–128 printable ASCII characters. It is a
    /// reference (a ticket number), stored in the clear, so it must not be personal data.
    public static func isValidRequest(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (1...maxRequestLength).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// Which fields of which entry types are personal: they must be sealed, never written in the clear.
public enum PersonalFields {
    /// Entry type → its personal fields.
    public static let byType: [String: [String]] = [PrivacyEntry.contact: ["email", "name"]]

    /// The personal fields of `type` (none for most types).
    public static func of(_ type: String) -> [String] { byType[type] ?? [] }
}

extension GovernanceState {
    mutating func admitPrivacy(_ entry: Entry) throws(AuthorityViolation) {
        guard let members = entry.body.objectValue else { throw AuthorityViolation(.governanceBody, "\(entry.type): the body must be an object") }
        func only(_ allowed: Set<String>) throws(AuthorityViolation) {
            if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw AuthorityViolation(.governanceBody, "\(entry.type): unknown member \"\(extra)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        guard let subject = members["subject"]?.stringValue, PrivacySubject.isValid(subject) else {
            throw AuthorityViolation(.governanceBody, "\(entry.type): \"subject\" must be a subject id (\(PrivacySubject.rule))")
        }
        switch entry.type {
        case PrivacyEntry.contact:
            try only(["customer", "subject", "name", "email"])
            guard let customer = members["customer"]?.stringValue, !customer.isEmpty, customer.utf8.count <= 64 else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"customer\" must name the customer (1–64 bytes)")
            }
            for field in PersonalFields.of(entry.type) {
                let sealed = try SealedValue(members[field], field: field)
                guard sealed.subject == subject else {
                    throw AuthorityViolation(.governanceBody, "\(entry.type): \"\(field)\" is sealed for \(sealed.subject), not for the entry's subject \(subject)")
                }
            }
        default:
            try only(["subject", "basis", "request"])
            guard let basis = members["basis"]?.stringValue, PrivacyEntry.Basis(rawValue: basis) != nil else {
                throw AuthorityViolation(.governanceBody, "\(entry.type): \"basis\" must be one of "
                    + PrivacyEntry.Basis.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let request = members["request"] {
                guard let text = request.stringValue, PrivacyEntry.isValidRequest(text) else {
                    throw AuthorityViolation(.governanceBody, "\(entry.type): \"request\" must be a reference of 1–\(PrivacyEntry.maxRequestLength) printable ASCII characters without spaces")
                }
            }
        }
    }
}
