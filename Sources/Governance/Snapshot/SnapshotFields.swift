import Ledger

/// Reads the members of one object of a state snapshot, each with a reason when it is missing or
/// of the wrong kind. Times are integer milliseconds since the epoch; an optional member is absent
/// when it has no value.
struct SnapshotFields {
    let members: [String: JSONValue]
    let context: String

    init(_ value: JSONValue?, _ context: String) throws {
        guard let members = value?.objectValue else { throw SnapshotFields.fail("\(context) is not an object") }
        self.members = members
        self.context = context
    }

    static func fail(_ reason: String) -> LedgerError { .invalidInput("state snapshot: \(reason)") }

    func value(_ key: String) throws -> JSONValue {
        guard let value = members[key] else { throw SnapshotFields.fail("\(context) has no \"\(key)\"") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let text = try value(key).stringValue else { throw SnapshotFields.fail("\(context).\(key) is not a string") }
        return text
    }

    func severity(_ key: String) throws -> Severity {
        guard let severity = Severity(rawValue: try string(key)) else { throw SnapshotFields.fail("\(context).\(key) is not sev1 to sev4") }
        return severity
    }

    func optionalString(_ key: String) throws -> String? {
        members[key] == nil ? nil : try string(key)
    }

    func integer(_ key: String) throws -> Int64 {
        guard let number = try value(key).integerValue else { throw SnapshotFields.fail("\(context).\(key) is not an integer") }
        return number
    }

    func optionalInteger(_ key: String) throws -> Int64? {
        members[key] == nil ? nil : try integer(key)
    }

    func bool(_ key: String) throws -> Bool {
        guard let flag = try value(key).boolValue else { throw SnapshotFields.fail("\(context).\(key) is not a boolean") }
        return flag
    }

    func time(_ key: String) throws -> EntryTime {
        guard let time = EntryTime(milliseconds: try integer(key)) else { throw SnapshotFields.fail("\(context).\(key) is not a time") }
        return time
    }

    func optionalTime(_ key: String) throws -> EntryTime? {
        members[key] == nil ? nil : try time(key)
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let items = try value(key).arrayValue else { throw SnapshotFields.fail("\(context).\(key) is not an array") }
        return items
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).map { item in
            guard let text = item.stringValue else { throw SnapshotFields.fail("\(context).\(key) holds a non-string") }
            return text
        }
    }

    func integers(_ key: String) throws -> [Int64] {
        try array(key).map { item in
            guard let number = item.integerValue else { throw SnapshotFields.fail("\(context).\(key) holds a non-integer") }
            return number
        }
    }

    func object(_ key: String) throws -> [String: JSONValue] {
        guard let object = try value(key).objectValue else { throw SnapshotFields.fail("\(context).\(key) is not an object") }
        return object
    }

    func digest(_ key: String) throws -> Digest {
        guard let digest = Digest(hex: try string(key)) else { throw SnapshotFields.fail("\(context).\(key) is not a hex SHA-256") }
        return digest
    }

    func role(_ key: String) throws -> Role {
        guard let role = Role(try string(key)) else { throw SnapshotFields.fail("\(context).\(key) is not a role") }
        return role
    }

    func kind(_ key: String) throws -> ChangeKind {
        guard let kind = ChangeKind(rawValue: try string(key)) else { throw SnapshotFields.fail("\(context).\(key) is not a change kind") }
        return kind
    }
}

extension EntryTime {
    /// A time as a snapshot holds it: integer milliseconds since the epoch.
    var snapshotJSON: JSONValue { .integer(milliseconds) }
}

extension Optional {
    /// Adds `key: transform(value)` to `members` when there is a value: a snapshot leaves out what is absent.
    func put(_ key: String, into members: inout [String: JSONValue], _ transform: (Wrapped) -> JSONValue) {
        if let value = self { members[key] = transform(value) }
    }
}
