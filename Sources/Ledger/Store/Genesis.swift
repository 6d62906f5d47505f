import LedgerCrypto

/// The body of entry 0 (`ledger.init`): the ledger's origin and format, its checkpoint (log) key,
/// and the first admin, whose key signs this entry.
///
/// `{"admin":{"key":<key>,"name":"admin"},"format":1,"log_key":<key>,"origin":"vendor.example/licensing"}`
public struct Genesis: Sendable {
    public let origin: String
    public let format: Int64
    public let logKey: PublicKey
    public let adminName: String
    public let adminKey: PublicKey

    public init(origin: String, logKey: PublicKey, adminName: String, adminKey: PublicKey) {
        self.origin = origin
        format = LedgerConfig.formatVersion
        self.logKey = logKey
        self.adminName = adminName
        self.adminKey = adminKey
    }

    public var body: JSONValue {
        .object([
            "admin": .object(["key": KeyDescriptor.json(adminKey), "name": .string(adminName)]),
            "format": .integer(format),
            "log_key": KeyDescriptor.json(logKey),
            "origin": .string(origin),
        ])
    }

    /// Principal names: 1–64 characters of letters, digits, '.', '_', '-', '@'.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return !bytes.isEmpty && bytes.count <= 64 && bytes.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || [UInt8(ascii: "."), UInt8(ascii: "_"),
                    UInt8(ascii: "-"), UInt8(ascii: "@")].contains(b)
        }
    }

    /// The key that must sign the first entry of a ledger: the admin key its `ledger.init` body names.
    public static func signingKey(forFirst entry: Entry) throws(AuthorityViolation) -> PublicKey {
        guard entry.type == EntryType.genesis else {
            throw AuthorityViolation(.ledgerGenesis, "the first entry must be \(EntryType.genesis), found \(entry.type)")
        }
        let parsed = try Genesis.parse(entry.body).get()
        guard parsed.adminKey.id == entry.signer else {
            throw AuthorityViolation(.ledgerSignerNotEnrolled, "\(EntryType.genesis) must be signed by the admin key it names (\(parsed.adminKey.id.short)…)")
        }
        return parsed.adminKey
    }

    /// Reads a genesis body; the error says which member is wrong.
    public static func parse(_ body: JSONValue) -> Result<Genesis, AuthorityViolation> {
        func fail(_ text: String) -> Result<Genesis, AuthorityViolation> { .failure(AuthorityViolation(.ledgerGenesis, "ledger.init body: " + text)) }
        guard let origin = body["origin"]?.stringValue, (try? LedgerConfig.checkOrigin(origin)) != nil else {
            return fail("\"origin\" is missing or not a valid origin")
        }
        guard body["format"]?.integerValue == LedgerConfig.formatVersion else {
            return fail("\"format\" must be \(LedgerConfig.formatVersion)")
        }
        guard case let .success(logKey) = KeyDescriptor.parse(body["log_key"]), logKey.algorithm == .ed25519 else {
            return fail("\"log_key\" must be an Ed25519 key descriptor")
        }
        guard let admin = body["admin"], let name = admin["name"]?.stringValue, isValidName(name) else {
            return fail("\"admin\".\"name\" is missing or not a valid name")
        }
        let adminKey: PublicKey
        switch KeyDescriptor.parse(admin["key"]) {
        case let .success(k): adminKey = k
        case let .failure(e): return fail("\"admin\".\"key\" \(e.reason)")
        }
        guard body.objectValue?.count == 4, admin.objectValue?.count == 2 else {
            return fail("has members other than admin{key,name}, format, log_key, origin")
        }
        return .success(Genesis(origin: origin, logKey: logKey, adminName: name, adminKey: adminKey))
    }
}
