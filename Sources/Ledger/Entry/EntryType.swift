/// Rules for entry type names: lowercase dotted words such as `key.enroll` or `change.propose`.
public enum EntryType {
    /// The first entry of every ledger: origin, format, log key, first admin key.
    public static let genesis = "ledger.init"
    /// Introduces a further signing key.
    public static let keyEnroll = "key.enroll"

    /// Longest allowed type name, in bytes.
    public static let maxLength = 64

    /// True for 1–64 characters of `a-z 0-9 . -`, starting with a letter, with no empty word.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else {
            return false
        }
        var previousWasSeparator = false
        for b in bytes {
            let isSeparator = b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
            let isWordByte = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            guard isSeparator || isWordByte else { return false }
            if isSeparator && previousWasSeparator { return false }
            previousWasSeparator = isSeparator
        }
        return !previousWasSeparator
    }
}
