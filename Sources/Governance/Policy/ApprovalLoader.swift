/// Builds an `ApprovalPolicy` from `approvals.yaml` and checks its meaning against the catalog:
/// known tiers and roles, exactly one default rule and last, no rule that can never match.
enum ApprovalLoader {
    static func load(_ root: PolicyNode, _ r: PolicyReader, catalog: TierCatalog?) -> ApprovalPolicy? {
        guard let top = r.mapping(root, "approvals.yaml", required: ["label", "areas", "separation_of_duties", "emergency",
                                                                      "default_expiry_hours", "rules"], optional: ["health", "report_signers"]) else { return nil }
        var areas: [String] = []
        var areaNodes: [(id: String, node: PolicyNode)] = []
        for node in r.list(top["areas"], "areas") ?? [] {
            guard let area = r.identifier(node, "area") else { continue }
            areas.append(area)
            areaNodes.append((area, node))
        }
        r.checkUnique(areaNodes, "area")
        let areaSet = Set(areas)

        var proposerMayApprove = false, oneSlot = true
        if let sod = r.mapping(top["separation_of_duties"], "separation_of_duties", required: ["proposer_may_approve", "one_slot_per_principal"]) {
            proposerMayApprove = r.bool(sod["proposer_may_approve"], "proposer_may_approve") ?? false
            oneSlot = r.bool(sod["one_slot_per_principal"], "one_slot_per_principal") ?? true
            if proposerMayApprove, let n = sod["proposer_may_approve"] {
                r.report(n, "proposer_may_approve must be false: separation of duties is not optional in this ledger")
            }
        }
        var window: Int64 = 48, reviewRole = Role.admin
        if let e = r.mapping(top["emergency"], "emergency", required: ["review_window_hours", "review_role"]) {
            window = r.integer(e["review_window_hours"], "emergency.review_window_hours", min: 1) ?? 48
            reviewRole = r.role(e["review_role"], "emergency.review_role", areas: areaSet) ?? .admin
        }
        let expiry = r.integer(top["default_expiry_hours"], "default_expiry_hours", min: 1) ?? 336

        // Without a catalog (tiers.yaml failed to load) tier references are not checked: its own
        // problems are reported, and every tier name here would otherwise look unknown.
        let tierIDs = catalog.map { Set($0.tiers.map(\.id)) }
        var rules: [ApprovalPolicy.Rule] = []
        var ruleNodes: [(id: String, node: PolicyNode)] = []
        for node in r.list(top["rules"], "rules") ?? [] {
            guard let rule = loadRule(node, r, areas: areaSet, tierIDs: tierIDs, catalog: catalog) else { continue }
            rules.append(rule)
            ruleNodes.append((rule.id, node))
        }
        r.checkUnique(ruleNodes, "rule")
        checkReachability(rules, ruleNodes.map(\.node), r, catalog: catalog)
        var policy = ApprovalPolicy(label: r.string(top["label"], "label") ?? "", areas: areas, proposerMayApprove: proposerMayApprove,
                                    oneSlotPerPrincipal: oneSlot, emergencyReviewWindowHours: window, emergencyReviewRole: reviewRole,
                                    defaultExpiryHours: expiry, rules: rules)
        if let node = top["health"] { policy.health = loadHealth(node, r) }
        if let node = top["report_signers"] { policy.reportSigners = loadReportSigners(node, r, areas: areaSet) }
        return policy
    }

    /// `report_signers`: a non-empty list of distinct roles that read the ledger and sign what
    /// they read; roles that write governance entries or serve machines are refused, so signing a
    /// report stays apart from making the changes it reports.
    private static func loadReportSigners(_ node: PolicyNode, _ r: PolicyReader, areas: Set<String>) -> [Role] {
        guard let items = r.list(node, "report_signers") else { return ApprovalPolicy.defaultReportSigners }
        var roles: [Role] = []
        for item in items {
            guard let role = r.role(item, "report_signers", areas: areas) else { continue }
            if [Role.proposer, .operator, .telemetry, .activator, .intake, .licensor].contains(role) {
                r.report(item, "report_signers: \(role) may not sign reports; name roles that read and attest (auditor, compliance, "
                    + "admin or an approver:<area>)")
                continue
            }
            if roles.contains(role) {
                r.report(item, "report_signers names \(role) twice; name each role once")
                continue
            }
            roles.append(role)
        }
        if items.isEmpty { r.report(node, "report_signers is empty: name at least one role (the default is [auditor, compliance])") }
        return roles.isEmpty ? ApprovalPolicy.defaultReportSigners : roles
    }

    private static func loadHealth(_ node: PolicyNode, _ r: PolicyReader) -> HealthThresholds {
        var t = HealthThresholds()
        let keys = ["underuse_bp", "underuse_window_days", "overage_risk_bp", "renewal_windows_days", "stale_request_hours", "key_unused_days",
                    "trial_ending_days"]
        guard let m = r.mapping(node, "health", optional: keys) else { return t }
        t.underuseBp = r.integer(m["underuse_bp"], "health.underuse_bp", min: 0, max: 10_000) ?? t.underuseBp
        t.underuseWindowDays = r.integer(m["underuse_window_days"], "health.underuse_window_days", min: 1, max: 3_660) ?? t.underuseWindowDays
        t.overageRiskBp = r.integer(m["overage_risk_bp"], "health.overage_risk_bp", min: 1, max: 10_000) ?? t.overageRiskBp
        t.staleRequestHours = r.integer(m["stale_request_hours"], "health.stale_request_hours", min: 1) ?? t.staleRequestHours
        t.keyUnusedDays = r.integer(m["key_unused_days"], "health.key_unused_days", min: 1) ?? t.keyUnusedDays
        t.trialEndingDays = r.integer(m["trial_ending_days"], "health.trial_ending_days", min: 1, max: 366) ?? t.trialEndingDays
        if let n = m["renewal_windows_days"], let items = r.list(n, "health.renewal_windows_days") {
            let days = items.compactMap { r.integer($0, "health.renewal_windows_days", min: 1, max: 3_660) }
            if days.isEmpty || days != days.sorted() || Set(days).count != days.count {
                r.report(n, "health.renewal_windows_days must be a non-empty list of days, ascending, e.g. [30, 60, 90]")
            } else {
                t.renewalWindowsDays = days
            }
        }
        return t
    }

    private static func loadRule(_ node: PolicyNode, _ r: PolicyReader, areas: Set<String>, tierIDs: Set<String>?,
                                 catalog: TierCatalog?) -> ApprovalPolicy.Rule? {
        guard let m = r.mapping(node, "a rule", required: ["id", "description", "steps"],
                                optional: ["match", "default", "expiry_hours", "proposer_may_apply", "approvers_may_apply"]),
              let id = r.identifier(m["id"], "rule id") else { return nil }
        let ctx = "rule \(id)"
        let isDefault = r.bool(m["default"], "\(ctx) default") ?? false
        var match: ApprovalPolicy.Match? = nil
        if isDefault, let n = m["match"] { r.report(n, "\(ctx) is the default rule; it matches everything and takes no match") }
        if !isDefault {
            if m["match"] == nil { r.report(node, "\(ctx) needs a match (or default: true)") }
            match = loadMatch(m["match"], r, ctx, tierIDs: tierIDs)
        }
        var steps: [ApprovalPolicy.Step] = []
        let stepNodes = r.list(m["steps"], "\(ctx) steps") ?? []
        if stepNodes.isEmpty, let n = m["steps"] { r.report(n, "\(ctx) needs at least one step") }
        for s in stepNodes {
            guard let sm = r.mapping(s, "a step of \(ctx)", required: ["role", "count"], optional: ["escalation"]) else { continue }
            let role = r.role(sm["role"], "\(ctx) step role", areas: areas)
            let count = r.integer(sm["count"], "\(ctx) step count", min: 1, max: 10)
            if role == .proposer, let n = sm["role"] { r.report(n, "\(ctx): proposers cannot approve; choose an approver:<area> role") }
            var escalation: ApprovalPolicy.Escalation? = nil
            if let e = r.mapping(sm["escalation"], "\(ctx) step escalation", required: ["after_hours", "role"]) {
                if let hours = r.integer(e["after_hours"], "escalation after_hours", min: 1), let erole = r.role(e["role"], "escalation role", areas: areas) {
                    escalation = .init(afterHours: hours, role: erole)
                }
            }
            if let role, let count { steps.append(.init(role: role, count: count, escalation: escalation)) }
        }
        let proposerMayApply = r.bool(m["proposer_may_apply"], "\(ctx) proposer_may_apply") ?? true
        let approversMayApply = r.bool(m["approvers_may_apply"], "\(ctx) approvers_may_apply") ?? true
        return .init(id: id, description: r.string(m["description"], "\(ctx) description") ?? "", match: match, isDefault: isDefault,
                     steps: steps, expiryHours: r.integer(m["expiry_hours"], "\(ctx) expiry_hours", min: 1), line: node.line, column: node.column,
                     proposerMayApply: proposerMayApply, approversMayApply: approversMayApply)
    }

    private static func loadMatch(_ node: PolicyNode?, _ r: PolicyReader, _ ctx: String, tierIDs: Set<String>?) -> ApprovalPolicy.Match? {
        guard let m = r.mapping(node, "\(ctx) match", optional: ["kinds", "from_tiers", "to_tiers", "discount_bp", "seats_delta",
                                                                   "term_months", "amount"]) else { return nil }
        var kinds: Set<ChangeKind>? = nil
        if let list = r.list(m["kinds"], "\(ctx) kinds") {
            kinds = []
            for k in list {
                guard let text = r.string(k, "kind") else { continue }
                guard let kind = ChangeKind(rawValue: text) else {
                    r.report(k, "\(ctx): unknown change kind \"\(text)\" (kinds: \(ChangeKind.names))")
                    continue
                }
                kinds?.insert(kind)
            }
        }
        func tiers(_ key: String) -> Set<String>? {
            guard let list = r.list(m[key], "\(ctx) \(key)") else { return nil }
            var out: Set<String> = []
            for t in list {
                guard let id = r.identifier(t, "tier") else { continue }
                if let tierIDs, !tierIDs.contains(id) { r.report(t, "\(ctx) \(key) names unknown tier \"\(id)\"") }
                out.insert(id)
            }
            return out
        }
        func range(_ key: String, lowest: Int64) -> ApprovalPolicy.Range? {
            guard let rm = r.mapping(m[key], "\(ctx) \(key)", optional: ["min", "max"]) else { return nil }
            let range = ApprovalPolicy.Range(min: r.integer(rm["min"], "\(ctx) \(key).min", min: lowest),
                                             max: r.integer(rm["max"], "\(ctx) \(key).max", min: lowest))
            if range.isEmpty, let n = m[key] { r.report(n, "\(ctx) \(key): min is above max, so the rule can never match") }
            return range
        }
        return .init(kinds: kinds, fromTiers: tiers("from_tiers"), toTiers: tiers("to_tiers"),
                     discountBp: range("discount_bp", lowest: 0), seatsDelta: range("seats_delta", lowest: -1_000_000),
                     termMonths: range("term_months", lowest: 0), amount: range("amount", lowest: -9_007_199_254_740_991))
    }

    /// The default rule must be the only one and the last; an earlier rule that matches everything a
    /// later one does shadows it; an upgrade rule whose target tiers all rank at or below its source
    /// tiers (or the reverse for downgrades) can never match.
    private static func checkReachability(_ rules: [ApprovalPolicy.Rule], _ nodes: [PolicyNode], _ r: PolicyReader, catalog: TierCatalog?) {
        let defaults = rules.indices.filter { rules[$0].isDefault }
        if defaults.isEmpty, let last = nodes.last {
            r.report(last, "no rule has default: true; add a last rule that catches every change no other rule matches")
        }
        for (n, i) in defaults.enumerated() where n > 0 { r.report(nodes[i], "rule \(rules[i].id) is a second default rule; keep one") }
        if let first = defaults.first {
            for i in rules.indices where i > first && !rules[i].isDefault {
                r.report(nodes[i], "rule \(rules[i].id) comes after the default rule \(rules[first].id) and can never match; move it above")
            }
        }
        for i in rules.indices {
            guard let later = rules[i].match else { continue }
            for j in 0..<i {
                guard let earlier = rules[j].match, subsumes(earlier, later) else { continue }
                r.report(nodes[i], "rule \(rules[i].id) can never match: rule \(rules[j].id) (line \(rules[j].line)) comes first and matches "
                    + "every change it matches; move it above \(rules[j].id) or narrow \(rules[j].id)")
                break
            }
            if let catalog, let kinds = later.kinds, let from = later.fromTiers, let to = later.toTiers {
                let fromRanks = from.compactMap { catalog.tier($0)?.rank }, toRanks = to.compactMap { catalog.tier($0)?.rank }
                if kinds == [.upgrade], let lo = fromRanks.min(), let hi = toRanks.max(), hi <= lo {
                    r.report(nodes[i], "rule \(rules[i].id) matches only upgrades, but none of its to_tiers ranks above its from_tiers")
                }
                if kinds == [.downgrade], let hi = fromRanks.max(), let lo = toRanks.min(), lo >= hi {
                    r.report(nodes[i], "rule \(rules[i].id) matches only downgrades, but none of its to_tiers ranks below its from_tiers")
                }
            }
        }
    }

    /// True when every change `b` matches, `a` matches too.
    static func subsumes(_ a: ApprovalPolicy.Match, _ b: ApprovalPolicy.Match) -> Bool {
        func set<T>(_ x: Set<T>?, _ y: Set<T>?) -> Bool { x.map { xs in y.map { $0.isSubset(of: xs) } ?? false } ?? true }
        func range(_ x: ApprovalPolicy.Range?, _ y: ApprovalPolicy.Range?) -> Bool { x.map { $0.covers(y) } ?? true }
        return set(a.kinds, b.kinds) && set(a.fromTiers, b.fromTiers) && set(a.toTiers, b.toTiers)
            && range(a.discountBp, b.discountBp) && range(a.seatsDelta, b.seatsDelta) && range(a.termMonths, b.termMonths)
            && range(a.amount, b.amount)
    }
}
