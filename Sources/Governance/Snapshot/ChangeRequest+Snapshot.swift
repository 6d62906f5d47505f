import Ledger

extension ChangeRequest {
    /// Every member of the request: its rule and quote whole (the policy version that routed it
    /// may no longer be in force), approvals per step, and the open times of the steps (null
    /// until a step opens).
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [
            "seq": .integer(seq), "kind": .string(kind.rawValue), "license": .string(license), "params": params, "reason": .string(reason),
            "amendments": .array(amendments.map { .integer($0) }), "proposer": .string(proposer), "proposed_at": proposedAt.snapshotJSON,
            "proposal_hash": .string(proposalHash.hex), "policy": .string(policy), "rule": rule.snapshotJSON,
            "one_slot_per_principal": .bool(oneSlotPerPrincipal), "expires_at": expiresAt.snapshotJSON,
            "approvals": .array(approvals.map { step in .array(step.map(\.snapshotJSON)) }),
            "step_opened_at": .array(stepOpenedAt.map { $0?.snapshotJSON ?? .null }), "state": .string(state.rawValue),
        ]
        quote.put("quote", into: &members, \.json)
        closedAt.put("closed_at", into: &members) { .integer($0) }
        closingReason.put("closing_reason", into: &members) { .string($0) }
        appliedBy.put("applied_by", into: &members) { .string($0) }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "change request")
        guard let state = State(rawValue: try f.string("state")) else { throw SnapshotFields.fail("change request state is unknown") }
        let approvals = try f.array("approvals").map { step in
            guard let items = step.arrayValue else { throw SnapshotFields.fail("change request approvals are not arrays") }
            return try items.map(Approval.init(snapshot:))
        }
        let opened = try f.array("step_opened_at").map { item -> EntryTime? in
            if item == .null { return nil }
            guard let ms = item.integerValue, let time = EntryTime(milliseconds: ms) else { throw SnapshotFields.fail("a step's open time is not a time") }
            return time
        }
        self.init(seq: try f.integer("seq"), kind: try f.kind("kind"), license: try f.string("license"), params: try f.value("params"),
                  reason: try f.string("reason"), amendments: try f.integers("amendments"), proposer: try f.string("proposer"),
                  proposedAt: try f.time("proposed_at"), proposalHash: try f.digest("proposal_hash"), policy: try f.string("policy"),
                  rule: try ApprovalPolicy.Rule(snapshot: f.value("rule")), oneSlotPerPrincipal: try f.bool("one_slot_per_principal"),
                  quote: try f.members["quote"].map(Quote.init(snapshot:)), expiresAt: try f.time("expires_at"), approvals: approvals,
                  stepOpenedAt: opened, state: state, closedAt: try f.optionalInteger("closed_at"),
                  closingReason: try f.optionalString("closing_reason"), appliedBy: try f.optionalString("applied_by"))
    }
}

extension ChangeRequest.Approval {
    var snapshotJSON: JSONValue {
        .object(["principal": .string(principal), "seq": .integer(seq), "time": time.snapshotJSON, "escalated": .bool(escalated)])
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "approval")
        self.init(principal: try f.string("principal"), seq: try f.integer("seq"), time: try f.time("time"), escalated: try f.bool("escalated"))
    }
}

extension EmergencyChange {
    var snapshotJSON: JSONValue {
        var members: [String: JSONValue] = [
            "seq": .integer(seq), "kind": .string(kind.rawValue), "license": .string(license), "params": params, "reason": .string(reason),
            "admin": .string(admin), "applied_at": appliedAt.snapshotJSON, "review_deadline": reviewDeadline.snapshotJSON,
            "review_role": .string(reviewRole.name),
        ]
        review.put("review", into: &members) { review in
            .object(["principal": .string(review.principal), "seq": .integer(review.seq), "time": review.time.snapshotJSON,
                     "late": .bool(review.late)])
        }
        return .object(members)
    }

    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "emergency change")
        let review = try f.members["review"].map { value in
            let r = try SnapshotFields(value, "review")
            return Review(principal: try r.string("principal"), seq: try r.integer("seq"), time: try r.time("time"), late: try r.bool("late"))
        }
        self.init(seq: try f.integer("seq"), kind: try f.kind("kind"), license: try f.string("license"), params: try f.value("params"),
                  reason: try f.string("reason"), admin: try f.string("admin"), appliedAt: try f.time("applied_at"),
                  reviewDeadline: try f.time("review_deadline"), reviewRole: try f.role("review_role"), review: review)
    }
}

extension Quote {
    /// Reads `Quote.json` back.
    init(snapshot value: JSONValue) throws {
        let f = try SnapshotFields(value, "quote")
        let lines = try f.array("lines").map { item in
            let l = try SnapshotFields(item, "quote line")
            return Line(kind: try l.string("kind"), description: try l.string("description"), quantity: try l.optionalInteger("quantity"),
                        unitAmount: try l.optionalInteger("unit_amount"), amount: try l.integer("amount"))
        }
        self.init(tier: try f.string("tier"), seats: try f.integer("seats"), addons: try f.strings("addons"), termMonths: try f.integer("term_months"),
                  currency: try f.string("currency"), billingPeriod: try f.string("billing_period"), lines: lines,
                  subtotal: try f.integer("subtotal"), total: try f.integer("total"), termTotal: try f.integer("term_total"),
                  policy: try f.string("policy"))
    }
}
