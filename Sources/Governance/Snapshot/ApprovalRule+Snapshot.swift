import Ledger

extension ApprovalPolicy.Rule {
    /// The rule as loaded: match, steps, expiry, and where it stood in approvals.yaml.
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "description": .string(description), "default": .bool(isDefault),
            "steps": .array(steps.map { step in
                var s: [String: JSONValue] = ["role": .string(step.role.name), "count": .integer(step.count)]
                step.escalation.put("escalation", into: &s) { .object(["after_hours": .integer($0.afterHours), "role": .string($0.role.name)]) }
                return .object(s)
            }),
            "line": .integer(Int64(line)), "column": .integer(Int64(column)),
        ]
        match.put("match", into: &members, \.snapshotJSON)
        expiryHours.put("expiry_hours", into: &members) { .integer($0) }
        if !proposerMayApply { members["proposer_may_apply"] = .bool(false) }
        if !approversMayApply { members["approvers_may_apply"] = .bool(false) }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "rule")
        let steps = try f.array("steps").map { item in
            let s = try SnapshotFields(item, "rule step")
            let escalation = try s.members["escalation"].map { value in
                let e = try SnapshotFields(value, "escalation")
                return ApprovalPolicy.Escalation(afterHours: try e.integer("after_hours"), role: try e.role("role"))
            }
            return ApprovalPolicy.Step(role: try s.role("role"), count: try s.integer("count"), escalation: escalation)
        }
        self.init(id: try f.string("id"), description: try f.string("description"),
                  match: try f.members["match"].map(ApprovalPolicy.Match.init(snapshot:)), isDefault: try f.bool("default"), steps: steps,
                  expiryHours: try f.optionalInteger("expiry_hours"), line: Int(try f.integer("line")), column: Int(try f.integer("column")),
                  proposerMayApply: f.members["proposer_may_apply"] == nil ? true : try f.bool("proposer_may_apply"),
                  approversMayApply: f.members["approvers_may_apply"] == nil ? true : try f.bool("approvers_may_apply"))
    }
}

extension ApprovalPolicy.Match {
    /// Sets sorted; a condition that is absent matches anything and is left out.
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [:]
        kinds.put("kinds", into: &members) { .array($0.sorted().map { .string($0.rawValue) }) }
        fromTiers.put("from_tiers", into: &members) { .array($0.sorted().map { .string($0) }) }
        toTiers.put("to_tiers", into: &members) { .array($0.sorted().map { .string($0) }) }
        discountBp.put("discount_bp", into: &members, \.snapshotJSON)
        seatsDelta.put("seats_delta", into: &members, \.snapshotJSON)
        termMonths.put("term_months", into: &members, \.snapshotJSON)
        amount.put("amount", into: &members, \.snapshotJSON)
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "rule match")
        let kinds: Set<ChangeKind>? = try f.members["kinds"].map { _ in
            Set(try f.strings("kinds").map { text in
                guard let kind = ChangeKind(rawValue: text) else { throw SnapshotFields.fail("rule match kind \(text) is unknown") }
                return kind
            })
        }
        self.init(kinds: kinds, fromTiers: try f.members["from_tiers"].map { _ in Set(try f.strings("from_tiers")) },
                  toTiers: try f.members["to_tiers"].map { _ in Set(try f.strings("to_tiers")) },
                  discountBp: try f.members["discount_bp"].map(ApprovalPolicy.Range.init(snapshot:)),
                  seatsDelta: try f.members["seats_delta"].map(ApprovalPolicy.Range.init(snapshot:)),
                  termMonths: try f.members["term_months"].map(ApprovalPolicy.Range.init(snapshot:)),
                  amount: try f.members["amount"].map(ApprovalPolicy.Range.init(snapshot:)))
    }
}

extension ApprovalPolicy.Range {
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [:]
        min.put("min", into: &members) { .integer($0) }
        max.put("max", into: &members) { .integer($0) }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "range")
        self.init(min: try f.optionalInteger("min"), max: try f.optionalInteger("max"))
    }
}
