import Ledger

extension License {
    /// Every member of the license, its versions included; times in milliseconds.
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "customer": .string(customer), "tier": .string(tier), "addons": .array(addons.map { .string($0) }),
            "seats": .integer(seats), "term_start": termStart.snapshotJSON, "term_end": termEnd.snapshotJSON,
            "status": .string(status.rawValue), "quota_overrides": .object(quotaOverrides.mapValues { .integer($0) }),
            "changes": .array(changes.map { .integer($0) }), "versions": .array(versions.map(\.snapshotJSON)),
        ]
        trialSince.put("trial_since", into: &members) { .integer($0) }
        convertedAt.put("converted_at", into: &members) { .integer($0) }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "license")
        var overrides: [String: Int64] = [:]
        for (metric, amount) in try f.object("quota_overrides") {
            guard let number = amount.integerValue else { throw SnapshotFields.fail("license quota override \(metric) is not an integer") }
            overrides[metric] = number
        }
        self.init(id: try f.string("id"), customer: try f.string("customer"), tier: try f.string("tier"), addons: try f.strings("addons"),
                  seats: try f.integer("seats"), termStart: try f.time("term_start"), termEnd: try f.time("term_end"),
                  status: try License.status(f, "status"), quotaOverrides: overrides, changes: try f.integers("changes"),
                  versions: try f.array("versions").map(Version.init(snapshot:)),
                  trialSince: try f.optionalInteger("trial_since"), convertedAt: try f.optionalInteger("converted_at"))
    }

    static func status(_ f: SnapshotFields, _ key: String) throws -> Status {
        guard let status = Status(rawValue: try f.string(key)) else { throw SnapshotFields.fail("\(f.context).\(key) is not a license status") }
        return status
    }
}

extension License.Version {
    var snapshotJSON: JSONValue {
        .object([
            "seq": .integer(seq), "from": from.snapshotJSON, "customer": .string(customer), "tier": .string(tier),
            "addons": .array(addons.map { .string($0) }), "seats": .integer(seats), "term_start": termStart.snapshotJSON,
            "term_end": termEnd.snapshotJSON, "status": .string(status.rawValue),
        ])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "license version")
        self.init(seq: try f.integer("seq"), from: try f.time("from"), customer: try f.string("customer"), tier: try f.string("tier"),
                  addons: try f.strings("addons"), seats: try f.integer("seats"), termStart: try f.time("term_start"),
                  termEnd: try f.time("term_end"), status: try License.status(f, "status"))
    }
}
