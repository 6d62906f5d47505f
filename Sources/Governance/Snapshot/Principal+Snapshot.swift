import Ledger
import LedgerCrypto

extension Principal {
    /// `{"enrolled_at","keys":[…],"name","revocation"?,"roles":[…]}`, roles sorted.
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name), "roles": .array(roles.sorted().map { .string($0.name) }),
                                            "keys": .array(keys.map(\.snapshotJSON)), "enrolled_at": .integer(enrolledAt)]
        revocation.put("revocation", into: &members, \.snapshotJSON)
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "principal")
        var roles: Set<Role> = []
        for text in try f.strings("roles") {
            guard let role = Role(text) else { throw SnapshotFields.fail("principal role \(text) is not a role") }
            roles.insert(role)
        }
        self.init(name: try f.string("name"), roles: roles, keys: try f.array("keys").map(KeyRecord.init(snapshot:)),
                  enrolledAt: try f.integer("enrolled_at"), revocation: try f.members["revocation"].map(Revocation.init(snapshot:)))
    }
}

extension KeyRecord {
    /// `{"added_at","key":<key descriptor>,"revocation"?,"rotated_at"?}`.
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = ["key": KeyDescriptor.json(key), "added_at": .integer(addedAt)]
        rotatedAt.put("rotated_at", into: &members) { .integer($0) }
        revocation.put("revocation", into: &members, \.snapshotJSON)
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "key record")
        let key: PublicKey
        switch KeyDescriptor.parse(f.members["key"]) {
        case let .success(parsed): key = parsed
        case let .failure(error): throw SnapshotFields.fail("key record: \(error.reason)")
        }
        self.init(key: key, addedAt: try f.integer("added_at"))
        rotatedAt = try f.optionalInteger("rotated_at")
        revocation = try f.members["revocation"].map(Revocation.init(snapshot:))
    }
}

extension Revocation {
    /// `{"effective","reason","seq"}`.
    var snapshotJSON: JSONValue {
        .object(["seq": .integer(seq), "effective": effective.snapshotJSON, "reason": .string(reason)])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "revocation")
        self.init(seq: try f.integer("seq"), effective: try f.time("effective"), reason: try f.string("reason"))
    }
}
