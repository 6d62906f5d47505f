import LedgerCrypto

/// Turns one line of `entries.jsonl` into an `Entry`, refusing anything that is not exactly the
/// canonical form the writer produces.
public enum EntryDecoder {
    private static let memberNames: Set<String> = ["body", "prev", "seq", "sig", "signer", "time", "type"]

    /// Decodes `line` (without its newline). With `canonical: false` the line need only parse to a
    /// well-formed entry: replays that trust the file (verify checks it) skip the canonical check.
    ///
    /// The canonical check is made while parsing, in one pass; only a line that fails it is
    /// re-serialised, to name the first byte that differs from its canonical form.
    public static func decode(_ line: some RawBytes, canonical: Bool = true) throws(EntryDecodeError) -> Entry {
        do {
            return try decode(line, canonical: canonical, recordOffsets: false).entry
        } catch where error.code == .badField {
            // Decode again, recording where each member starts, so the error names the exact byte.
            return try decode(line, canonical: canonical, recordOffsets: true).entry
        }
    }

    /// Decodes `line` and also returns where each top-level member's value starts in it, so that a
    /// later check can point at the exact byte.
    public static func decodeWithOffsets(_ line: some RawBytes, canonical: Bool = true) throws(EntryDecodeError) -> (entry: Entry, offsets: [String: Int]) {
        try decode(line, canonical: canonical, recordOffsets: true)
    }

    /// Where each top-level member's value starts in `line`; empty if it does not parse.
    public static func memberOffsets(_ line: some RawBytes) -> [String: Int] {
        (try? JSONParser.parseRecordingOffsets(line, maxDepth: EntryLimits.maxDepth).memberOffsets) ?? [:]
    }

    private static func decode(_ line: some RawBytes, canonical: Bool, recordOffsets: Bool) throws(EntryDecodeError) -> (entry: Entry, offsets: [String: Int]) {
        let count = line.withUnsafeBytes { $0.count }
        guard count <= EntryLimits.maxEntryBytes else {
            throw EntryDecodeError(code: .tooLarge, offset: EntryLimits.maxEntryBytes,
                                   message: "entry is \(count) bytes, over the limit of \(EntryLimits.maxEntryBytes)")
        }
        let parsed: (value: JSONValue, memberOffsets: [String: Int], nonCanonicalAt: Int?)
        do {
            if recordOffsets {
                let recorded = try JSONParser.parseRecordingOffsets(line, maxDepth: EntryLimits.maxDepth)
                parsed = (recorded.value, recorded.memberOffsets, canonical ? 0 : nil)
            } else {
                let checked = try JSONParser.parseCheckingCanonical(line, maxDepth: EntryLimits.maxDepth)
                parsed = (checked.value, [:], checked.nonCanonicalAt)
            }
        } catch {
            throw EntryDecodeError(code: .malformed, offset: error.offset, message: "not valid entry JSON: \(error.message)")
        }
        guard case let .object(members) = parsed.value else {
            throw EntryDecodeError(code: .badField, offset: 0, message: "an entry must be a JSON object")
        }
        // The one-pass check found nothing, or this is the slower path that records offsets: only
        // then is the line compared with its re-serialisation.
        if canonical, parsed.nonCanonicalAt != nil { try checkCanonical(parsed.value, line: line) }

        let offsets = parsed.memberOffsets
        // Seven known names (distinct, being keys) are exactly the seven members: no lookup needed.
        if members.count != memberNames.count || members.keys.contains(where: { !isMemberName($0) }) {
            for name in CanonicalJSON.sortedKeys(members) where !memberNames.contains(name) {
                throw EntryDecodeError(code: .badField, offset: offsets[name] ?? 0, message: "unknown member \"\(name)\"")
            }
        }
        func field(_ name: String) throws(EntryDecodeError) -> JSONValue {
            guard let value = members[name] else {
                throw EntryDecodeError(code: .badField, offset: 0, message: "missing member \"\(name)\"")
            }
            return value
        }
        func fail(_ name: String, _ message: String) -> EntryDecodeError {
            EntryDecodeError(code: .badField, offset: offsets[name] ?? 0, message: "\"\(name)\" \(message)")
        }

        guard let seq = try field("seq").integerValue, seq >= 0 else {
            throw fail("seq", "must be a non-negative integer")
        }
        guard let timeText = try field("time").stringValue, let time = EntryTime(rfc3339: timeText) else {
            throw fail("time", "must be RFC 3339 UTC with milliseconds, like 2026-01-31T09:30:00.000Z")
        }
        guard let prevText = try field("prev").stringValue, let prev = Digest(hex: prevText) else {
            throw fail("prev", "must be 64 lowercase hex characters")
        }
        guard let type = try field("type").stringValue, EntryType.isValid(type) else {
            throw fail("type", "must be 1-64 characters of a-z, 0-9, '.' and '-', starting with a letter")
        }
        let body = try field("body")
        guard case .object = body else { throw fail("body", "must be an object") }
        guard let signerText = try field("signer").stringValue, let signer = KeyID(hex: signerText) else {
            throw fail("signer", "must be a key id: 64 lowercase hex characters")
        }
        guard let sigText = try field("sig").stringValue, let signature = Base64.decode(sigText), !signature.isEmpty else {
            throw fail("sig", "must be a signature in padded standard base64")
        }
        return (Entry(seq: seq, time: time, prev: prev, type: type, body: body, signer: signer, signature: signature), offsets)
    }

    /// Whether `name` is one of the seven members, by comparing strings rather than hashing them.
    private static func isMemberName(_ name: String) -> Bool {
        switch name {
        case "body", "prev", "seq", "sig", "signer", "time", "type": return true
        default: return false
        }
    }

    /// Compares the line with the canonical serialisation of what it parsed to; names the first byte
    /// that differs.
    private static func checkCanonical(_ value: JSONValue, line: some RawBytes) throws(EntryDecodeError) {
        let canonical = CanonicalJSON.encode(value)
        let firstDifference: Int? = line.withUnsafeBytes { bytes in
            let shared = min(bytes.count, canonical.count)
            for i in 0..<shared where bytes[i] != canonical[i] { return i }
            return bytes.count == canonical.count ? nil : shared
        }
        if let at = firstDifference {
            throw EntryDecodeError(code: .notCanonical, offset: at,
                                   message: "not in RFC 8785 canonical form (first difference at byte \(at) of the entry): "
                                       + "an entry must be re-serialised by no one but its writer")
        }
    }
}
