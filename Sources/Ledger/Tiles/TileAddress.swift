/// One C2SP tlog-tiles resource: a hash tile `tile/<L>/<N>[.p/<W>]` or an entry bundle
/// `tile/entries/<N>[.p/<W>]`. Pure path maths: it knows nothing of stores.
///
/// A hash tile at level L holds the Merkle nodes of tree level 8·L with indices N·256 … N·256+W−1
/// (32 bytes each); an entry bundle holds the entries N·256 … N·256+W−1, each as a big-endian
/// 16-bit length and its line. W is 256 for a full tile, 1 … 255 for a partial one.
public struct TileAddress: Sendable, Hashable, CustomStringConvertible {
    /// Hashes at a tile level (0 … 63), or entries.
    public enum Kind: Sendable, Hashable {
        case hashes(level: Int)
        case entries
    }

    public static let width = 256

    public let kind: Kind
    public let index: Int64
    /// Nil for a full tile.
    public let partialWidth: Int?

    public init(kind: Kind, index: Int64, partialWidth: Int? = nil) {
        self.kind = kind
        self.index = index
        self.partialWidth = partialWidth
    }

    /// How many hashes or entries it holds.
    public var count: Int { partialWidth ?? Self.width }

    /// Its path below the log's prefix, e.g. `tile/0/x001/234.p/7`.
    public var path: String {
        var digits = String(index)
        while digits.count % 3 != 0 { digits = "0" + digits }
        var groups: [String] = []
        var rest = Substring(digits)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(3)))
            rest = rest.dropFirst(3)
        }
        let encoded = groups.dropLast().map { "x" + $0 } + [groups.last ?? "000"]
        let head: String
        switch kind {
        case let .hashes(level): head = "tile/\(level)"
        case .entries: head = "tile/entries"
        }
        return head + "/" + encoded.joined(separator: "/") + (partialWidth.map { ".p/\($0)" } ?? "")
    }

    public var description: String { path }

    /// Parses the path elements after `tile/`; nil when they are not a tile address.
    public static func parse(_ elements: [String]) -> TileAddress? {
        guard elements.count >= 2, let first = elements.first else { return nil }
        let kind: Kind
        if first == "entries" {
            kind = .entries
        } else {
            guard let level = canonicalDecimal(first), level <= 63 else { return nil }
            kind = .hashes(level: Int(level))
        }
        var indexElements = Array(elements.dropFirst())
        var partial: Int?
        if let last = indexElements.last, indexElements.count >= 2, indexElements[indexElements.count - 2].hasSuffix(".p") {
            guard let width = canonicalDecimal(last), (1...255).contains(width) else { return nil }
            partial = Int(width)
            indexElements.removeLast()
            indexElements[indexElements.count - 1] = String(indexElements[indexElements.count - 1].dropLast(2))
        }
        var digits = ""
        for (i, element) in indexElements.enumerated() {
            let isLast = i == indexElements.count - 1
            let group = isLast ? Substring(element) : (element.hasPrefix("x") ? element.dropFirst() : "")
            guard group.count == 3, group.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            digits += group
        }
        guard digits.count <= 18, let index = Int64(digits) else { return nil }
        let address = TileAddress(kind: kind, index: index, partialWidth: partial)
        // One spelling per tile: no extra leading zero groups.
        guard address.path == "tile/" + elements.joined(separator: "/") else { return nil }
        return address
    }

    private static func canonicalDecimal(_ text: String) -> Int64? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }), text == "0" || !text.hasPrefix("0") else { return nil }
        return Int64(text)
    }
}
