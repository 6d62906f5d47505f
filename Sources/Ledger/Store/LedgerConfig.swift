import LedgerCrypto

/// The contents of `ledger.json`: which log this is, and the key that signs its checkpoints.
///
/// Written once by `init` as canonical JSON plus a newline. It is a convenience copy of what the
/// genesis entry records; `verify` checks that the two agree, so swapping it is detected.
public struct LedgerConfig: Sendable {
    /// Version of the on-disk format described in docs/format.md.
    public static let formatVersion: Int64 = 1

    /// The log's name, as used in checkpoints: e.g. `vendor.example/licensing`.
    public let origin: String
    /// The Ed25519 key that signs checkpoints.
    public let logKey: PublicKey
    public let format: Int64
    /// False when `ledger.json` held this content in another spelling than `fileBytes`: readers
    /// still use it, and `verify` reports it (`config`), since the file is written canonical.
    public private(set) var isCanonicalFile = true

    public init(origin: String, logKey: PublicKey) throws {
        try LedgerConfig.checkOrigin(origin)
        guard logKey.algorithm == .ed25519 else {
            throw LedgerError.invalidInput("the log key signs C2SP checkpoints and must be Ed25519; generate one with "
                + "`tierledger keys generate --algorithm ed25519`")
        }
        self.origin = origin
        self.logKey = logKey
        format = LedgerConfig.formatVersion
    }

    /// Origins are 1–255 bytes of printable ASCII without spaces or '+', so that they can name a
    /// checkpoint and its signing key in a C2SP note.
    public static func checkOrigin(_ origin: String) throws {
        let bytes = Array(origin.utf8)
        guard !bytes.isEmpty, bytes.count <= 255,
              bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "+") })
        else {
            throw LedgerError.invalidInput("origin \"\(origin)\" must be 1-255 printable ASCII characters without "
                + "spaces or '+', e.g. vendor.example/licensing")
        }
    }

    public var json: JSONValue {
        .object([
            "format": .integer(format),
            "log_key": KeyDescriptor.json(logKey),
            "origin": .string(origin),
        ])
    }

    /// The exact bytes of `ledger.json`.
    public var fileBytes: [UInt8] { CanonicalJSON.encode(json) + [0x0A] }

    /// Parses `ledger.json`, naming the file in every error.
    public static func parse(_ bytes: [UInt8], path: String) throws -> LedgerConfig {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw LedgerError.badConfig(path: path, reason: "not valid JSON \(error)")
        }
        guard let format = value["format"]?.integerValue else {
            throw LedgerError.badConfig(path: path, reason: "\"format\" is missing")
        }
        guard format == formatVersion else {
            throw LedgerError.badConfig(path: path, reason: "format \(format) is not supported by this version "
                + "(it reads format \(formatVersion)); use a tierledger release that supports it")
        }
        guard let origin = value["origin"]?.stringValue else {
            throw LedgerError.badConfig(path: path, reason: "\"origin\" is missing")
        }
        let key: PublicKey
        switch KeyDescriptor.parse(value["log_key"]) {
        case let .success(k): key = k
        case let .failure(e): throw LedgerError.badConfig(path: path, reason: "\"log_key\" \(e.reason)")
        }
        do {
            var config = try LedgerConfig(origin: origin, logKey: key)
            config.isCanonicalFile = config.fileBytes == bytes
            return config
        } catch {
            throw LedgerError.badConfig(path: path, reason: "\(error)")
        }
    }
}
