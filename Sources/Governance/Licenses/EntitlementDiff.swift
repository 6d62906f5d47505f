/// What a change does to a license's entitlements, in lines an approver reads: features, quotas,
/// governance controls, SLA, seats and add-ons, before and after.
public enum EntitlementDiff {
    public static func lines(before: License?, after: License, catalog: TierCatalog) -> [String] {
        guard let newTier = catalog.tier(after.tier) else { return ["tier \(after.tier) is not in the catalog"] }
        let oldTier = before.flatMap { catalog.tier($0.tier) }
        var out: [String] = []
        func features(_ tier: TierCatalog.Tier?, _ addons: [String]) -> Set<String> {
            Set(tier?.features ?? []).union(addons.compactMap { catalog.addon($0)?.addsFeature })
        }
        func quotas(_ tier: TierCatalog.Tier?, _ license: License?) -> [String: Int64] {
            var q = Dictionary((tier?.quotas ?? []).map { ($0.metric, $0.limit) }, uniquingKeysWith: max)
            for id in license?.addons ?? [] { if let r = catalog.addon(id)?.raisesQuota { q[r.metric, default: 0] += r.by } }
            for (metric, limit) in license?.quotaOverrides ?? [:] { q[metric] = limit }
            return q
        }
        func list(_ addons: [String]) -> String { addons.isEmpty ? "none" : addons.joined(separator: ", ") }
        if before?.tier != after.tier { out.append("tier: \(before?.tier ?? "(none)") → \(after.tier)") }
        if before?.seats != after.seats { out.append("seats: \(Count.text(before?.seats ?? 0)) → \(Count.text(after.seats))") }
        if Set(before?.addons ?? []) != Set(after.addons) { out.append("add-ons: \(list(before?.addons ?? [])) → \(list(after.addons))") }
        if before?.customer != after.customer { out.append("customer: \(before?.customer ?? "(none)") → \(after.customer)") }
        if before?.termEnd != after.termEnd { out.append("term ends: \(before?.termEnd.rfc3339 ?? "(none)") → \(after.termEnd.rfc3339)") }
        if before?.status != after.status { out.append("status: \(before?.status.rawValue ?? "(none)") → \(after.status.rawValue)") }
        let (f0, f1) = (features(oldTier, before?.addons ?? []), features(newTier, after.addons))
        if !f1.subtracting(f0).isEmpty { out.append("features gained: " + f1.subtracting(f0).sorted().joined(separator: ", ")) }
        if !f0.subtracting(f1).isEmpty { out.append("features LOST: " + f0.subtracting(f1).sorted().joined(separator: ", ")) }
        let (q0, q1) = (quotas(oldTier, before), quotas(newTier, after))
        for metric in Set(q0.keys).union(q1.keys).sorted() where q0[metric] != q1[metric] {
            out.append("quota \(metric): \(q0[metric].map(Count.text) ?? "none") → \(q1[metric].map(Count.text) ?? "none")")
        }
        if let o = oldTier, o.id != newTier.id {
            let (g0, g1) = (o.governance, newTier.governance)
            if g0.auditLogRetentionDays != g1.auditLogRetentionDays { out.append("audit log retention: \(g0.auditLogRetentionDays) → \(g1.auditLogRetentionDays) days") }
            if g0.sso != g1.sso { out.append("SSO: \(g0.sso) → \(g1.sso)") }
            if g0.policyEnforcement != g1.policyEnforcement { out.append("policy enforcement: \(g0.policyEnforcement) → \(g1.policyEnforcement)") }
            if g0.dataResidency != g1.dataResidency { out.append("data residency: \(g0.dataResidency.joined(separator: ",")) → \(g1.dataResidency.joined(separator: ","))") }
            if o.sla.uptimeBp != newTier.sla.uptimeBp { out.append("SLA uptime: \(Percent.bp(o.sla.uptimeBp)) → \(Percent.bp(newTier.sla.uptimeBp))") }
            if o.sla.supportHours != newTier.sla.supportHours { out.append("support hours: \(o.sla.supportHours) → \(newTier.sla.supportHours)") }
            if o.sla.firstResponseMinutes[.sev1] != newTier.sla.firstResponseMinutes[.sev1] {
                out.append("sev1 first response: \(o.sla.firstResponseMinutes[.sev1] ?? 0) → \(newTier.sla.firstResponseMinutes[.sev1] ?? 0) min")
            }
        }
        return out.isEmpty ? ["no change to entitlements"] : out
    }
}
