import Foundation

/// Test fixture files that live in the repository next to the tests.
public enum Fixtures {
    /// The repository's root, found from this source file's path.
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Reads `Tests/LedgerTests/Fixtures/<name>`.
    public static func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/LedgerTests/Fixtures/" + name))
    }

    /// Decodes a JSON fixture into `T`.
    public static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(name))
    }
}

/// Hex helpers for tests.
public func hexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(hex.utf8)
    if chars.count % 2 == 1 { chars.insert(UInt8(ascii: "0"), at: 0) }
    var i = 0
    while i < chars.count {
        let text = String(decoding: chars[i..<(i + 2)], as: UTF8.self)
        out.append(UInt8(text, radix: 16) ?? 0)
        i += 2
    }
    return out
}
