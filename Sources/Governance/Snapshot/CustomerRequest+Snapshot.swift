import Ledger

extension CustomerRequest {
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = ["seq": .integer(seq), "time": time.snapshotJSON, "license": .string(license),
                                            "customer": .string(customer), "token": .string(token), "kind": .string(ask.kind.rawValue),
                                            "params": ask.params, "proposals": .array(proposals.map { .integer($0) })]
        if let message { members["message"] = .string(message) }
        if let decline {
            members["decline"] = .object(["seq": .integer(decline.seq), "time": decline.time.snapshotJSON, "principal": .string(decline.principal),
                                          "reason": .string(decline.reason)])
        }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "customer request")
        guard let ask = Ask(kind: try f.string("kind"), params: try f.value("params")) else {
            throw SnapshotFields.fail("a customer request's kind and params are not an upgrade, seats or add-on ask")
        }
        var decline: Decline?
        if let value = f.members["decline"] {
            let d = try SnapshotFields(value, "decline")
            decline = Decline(seq: try d.integer("seq"), time: try d.time("time"), principal: try d.string("principal"), reason: try d.string("reason"))
        }
        let proposals = try f.integers("proposals")
        self.init(seq: try f.integer("seq"), time: try f.time("time"), license: try f.string("license"), customer: try f.string("customer"),
                  token: try f.string("token"), ask: ask, message: try f.optionalString("message"), proposals: proposals, decline: decline)
    }
}
