import Ledger
import LedgerCrypto

/// The bodies of the principal entries, parsed strictly, and built for writing.
///
/// - `principal.enroll`: `{"key":<key>,"name":<name>,"roles":[<role>,…]}`
/// - `principal.roles`: `{"add":[…],"name":<name>,"remove":[…]}`
/// - `principal.rotate-key`: `{"key":<key>,"name":<name>}`
/// - `principal.revoke`: `{"name":<name>,"reason":<text>}`, optionally `"key_id"` (one key only) and
///   `"effective"` (an RFC 3339 time at or after the entry's own).
public enum PrincipalBodies {
    struct Enroll {
        let name: String, roles: Set<Role>, key: PublicKey
        init(_ body: JSONValue) throws(AuthorityViolation) {
            let reader = BodyReader(body, type: GovernanceEntryType.enroll, allowed: ["key", "name", "policy", "roles"])
            try reader.checkMembers()
            name = try reader.name()
            roles = try reader.roles("roles")
            key = try reader.key()
        }
    }

    struct Roles {
        let name: String, add: Set<Role>, remove: Set<Role>
        init(_ body: JSONValue) throws(AuthorityViolation) {
            let reader = BodyReader(body, type: GovernanceEntryType.roles, allowed: ["add", "name", "policy", "remove"])
            try reader.checkMembers()
            name = try reader.name()
            add = try reader.roles("add")
            remove = try reader.roles("remove")
            guard !add.isEmpty || !remove.isEmpty else { throw AuthorityViolation(.governanceBody, "\(GovernanceEntryType.roles): nothing to add or remove") }
            guard add.isDisjoint(with: remove) else { throw AuthorityViolation(.governanceBody, "\(GovernanceEntryType.roles): a role is both added and removed") }
        }
    }

    struct RotateKey {
        let name: String, key: PublicKey
        init(_ body: JSONValue) throws(AuthorityViolation) {
            let reader = BodyReader(body, type: GovernanceEntryType.rotateKey, allowed: ["key", "name", "policy"])
            try reader.checkMembers()
            name = try reader.name()
            key = try reader.key()
        }
    }

    struct Revoke {
        let name: String, reason: String, keyID: KeyID?, effective: EntryTime?
        init(_ body: JSONValue) throws(AuthorityViolation) {
            let reader = BodyReader(body, type: GovernanceEntryType.revoke, allowed: ["effective", "key_id", "name", "policy", "reason"])
            try reader.checkMembers()
            name = try reader.name()
            guard let text = body["reason"]?.stringValue, !text.isEmpty, text.utf8.count <= 1000 else {
                throw AuthorityViolation(.governanceBody, "\(GovernanceEntryType.revoke): \"reason\" must be 1-1000 bytes of text")
            }
            reason = text
            if let value = body["key_id"] {
                guard let id = value.stringValue.flatMap(KeyID.init(hex:)) else {
                    throw AuthorityViolation(.governanceBody, "\(GovernanceEntryType.revoke): \"key_id\" must be 64 lowercase hex characters")
                }
                keyID = id
            } else {
                keyID = nil
            }
            if let value = body["effective"] {
                guard let time = value.stringValue.flatMap(EntryTime.init(rfc3339:)) else {
                    throw AuthorityViolation(.governanceTime, "\(GovernanceEntryType.revoke): \"effective\" must be an RFC 3339 time like 2026-12-01T00:00:00.000Z")
                }
                effective = time
            } else {
                effective = nil
            }
        }
    }

    // MARK: Building
    //
    // `policy` is the hash of the policy version in force (GovernanceState.policy), which every
    // principal entry must name once a policy has been adopted; nil before any adoption.

    public static func enroll(name: String, roles: Set<Role>, key: PublicKey, policy: String? = nil) -> JSONValue {
        naming(policy, ["name": .string(name), "roles": .array(roles.sorted().map { .string($0.name) }), "key": KeyDescriptor.json(key)])
    }

    public static func roles(name: String, add: Set<Role>, remove: Set<Role>, policy: String? = nil) -> JSONValue {
        naming(policy, ["name": .string(name), "add": .array(add.sorted().map { .string($0.name) }),
                        "remove": .array(remove.sorted().map { .string($0.name) })])
    }

    public static func rotateKey(name: String, key: PublicKey, policy: String? = nil) -> JSONValue {
        naming(policy, ["name": .string(name), "key": KeyDescriptor.json(key)])
    }

    public static func revoke(name: String, reason: String, keyID: KeyID? = nil, effective: EntryTime? = nil, policy: String? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["name": .string(name), "reason": .string(reason)]
        if let keyID { members["key_id"] = .string(keyID.hex) }
        if let effective { members["effective"] = .string(effective.rfc3339) }
        return naming(policy, members)
    }

    private static func naming(_ policy: String?, _ members: [String: JSONValue]) -> JSONValue {
        var members = members
        if let policy { members["policy"] = .string(policy) }
        return .object(members)
    }
}

/// Reads members of an entry body, naming the entry type and member in every error.
struct BodyReader {
    let body: JSONValue
    let type: String
    let allowed: Set<String>

    init(_ body: JSONValue, type: String, allowed: Set<String>) {
        self.body = body
        self.type = type
        self.allowed = allowed
    }

    func checkMembers() throws(AuthorityViolation) {
        for name in (body.objectValue ?? [:]).keys.sorted() where !allowed.contains(name) {
            throw AuthorityViolation(.governanceBody, "\(type): unknown member \"\(name)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func name() throws(AuthorityViolation) -> String {
        guard let name = body["name"]?.stringValue, Genesis.isValidName(name) else {
            throw AuthorityViolation(.governanceBody, "\(type): \"name\" must be 1-64 letters, digits, '.', '_', '-', '@'")
        }
        return name
    }

    func roles(_ member: String) throws(AuthorityViolation) -> Set<Role> {
        guard let items = body[member]?.arrayValue else { throw AuthorityViolation(.governanceBody, "\(type): \"\(member)\" must be an array of roles") }
        var roles: Set<Role> = []
        for item in items {
            guard let text = item.stringValue, let role = Role(text) else {
                throw AuthorityViolation(.governanceBody, "\(type): \"\(member)\" holds \(item.stringValue.map { "\"\($0)\"" } ?? item.kindName): \(Role.syntaxHelp)")
            }
            guard roles.insert(role).inserted else { throw AuthorityViolation(.governanceBody, "\(type): role \(role) is listed twice") }
        }
        return roles
    }

    func key() throws(AuthorityViolation) -> PublicKey {
        switch KeyDescriptor.parse(body["key"]) {
        case let .success(key): return key
        case let .failure(error): throw AuthorityViolation(.governanceBody, "\(type): \"key\" \(error.reason)")
        }
    }
}
