/// Builds a `TierCatalog` from `tiers.yaml`, reporting every problem through the reader.
enum CatalogLoader {
    static func load(_ root: PolicyNode, _ r: PolicyReader) -> TierCatalog? {
        guard let top = r.mapping(root, "tiers.yaml", required: ["label", "currency", "billing_period", "features", "metrics", "tiers"],
                                  optional: ["addons", "discounts"]) else { return nil }
        let label = r.string(top["label"], "label") ?? ""
        var currency = r.string(top["currency"], "currency") ?? ""
        if let node = top["currency"], currency.count != 3 || currency.uppercased() != currency {
            r.report(node, "currency must be a three-letter ISO 4217 code such as EUR or USD")
            currency = ""
        }
        let period = r.string(top["billing_period"], "billing_period") ?? ""
        if let node = top["billing_period"], !["month", "year"].contains(period) { r.report(node, "billing_period must be month or year") }

        var features: [TierCatalog.Feature] = []
        var featureNodes: [(id: String, node: PolicyNode)] = []
        for node in r.list(top["features"], "features") ?? [] {
            guard let m = r.mapping(node, "a feature", required: ["id", "name"]), let id = r.identifier(m["id"], "feature id") else { continue }
            features.append(.init(id: id, name: r.string(m["name"], "feature name") ?? id))
            featureNodes.append((id, node))
        }
        r.checkUnique(featureNodes, "feature")
        var metrics: [TierCatalog.Metric] = []
        var metricNodes: [(id: String, node: PolicyNode)] = []
        for node in r.list(top["metrics"], "metrics") ?? [] {
            guard let m = r.mapping(node, "a metric", required: ["id", "unit"]), let id = r.identifier(m["id"], "metric id") else { continue }
            metrics.append(.init(id: id, unit: r.string(m["unit"], "metric unit") ?? ""))
            metricNodes.append((id, node))
        }
        r.checkUnique(metricNodes, "metric")
        let featureIDs = Set(features.map(\.id)), metricIDs = Set(metrics.map(\.id))

        var tiers: [TierCatalog.Tier] = []
        var tierNodes: [(id: String, node: PolicyNode)] = []
        var rankNodes: [(id: String, node: PolicyNode)] = []
        for node in r.list(top["tiers"], "tiers") ?? [] {
            guard let tier = loadTier(node, r, featureIDs: featureIDs, metricIDs: metricIDs, billingPeriod: period) else { continue }
            tiers.append(tier)
            tierNodes.append((tier.id, node))
            rankNodes.append((String(tier.rank), node))
        }
        if tiers.isEmpty, let node = top["tiers"] { r.report(node, "the catalog needs at least one tier") }
        r.checkUnique(tierNodes, "tier")
        r.checkUnique(rankNodes, "tier rank")
        let tierIDs = Set(tiers.map(\.id))

        var addons: [TierCatalog.Addon] = []
        var addonNodes: [(id: String, node: PolicyNode)] = []
        for node in r.list(top["addons"], "addons") ?? [] {
            guard let addon = loadAddon(node, r, tierIDs: tierIDs, featureIDs: featureIDs, metricIDs: metricIDs) else { continue }
            addons.append(addon)
            addonNodes.append((addon.id, node))
        }
        r.checkUnique(addonNodes, "add-on")
        let discounts = loadDiscounts(top["discounts"], r)
        return TierCatalog(label: label, currency: currency, billingPeriod: period, features: features, metrics: metrics,
                           tiers: tiers, addons: addons, discounts: discounts)
    }

    private static func loadTier(_ node: PolicyNode, _ r: PolicyReader, featureIDs: Set<String>, metricIDs: Set<String>,
                                 billingPeriod: String) -> TierCatalog.Tier? {
        guard let m = r.mapping(node, "a tier", required: ["id", "name", "rank", "price", "features", "quotas", "governance", "sla"],
                                optional: ["trial"]),
              let id = r.identifier(m["id"], "tier id") else { return nil }
        let ctx = "tier \(id)"
        let rank = r.integer(m["rank"], "\(ctx) rank", min: 1) ?? 0
        var price = TierCatalog.Price(base: 0, perSeat: 0, minSeats: 1, maxSeats: 1)
        if let p = r.mapping(m["price"], "\(ctx) price", required: ["base", "per_seat", "min_seats", "max_seats"]) {
            let minSeats = r.integer(p["min_seats"], "\(ctx) price.min_seats", min: 1) ?? 1
            let maxSeats = r.integer(p["max_seats"], "\(ctx) price.max_seats", min: 1) ?? minSeats
            if maxSeats < minSeats, let n = p["max_seats"] { r.report(n, "\(ctx) price.max_seats (\(maxSeats)) is below min_seats (\(minSeats))") }
            price = .init(base: r.integer(p["base"], "\(ctx) price.base") ?? 0, perSeat: r.integer(p["per_seat"], "\(ctx) price.per_seat") ?? 0,
                          minSeats: minSeats, maxSeats: maxSeats)
        }
        var features: [String] = []
        for f in r.list(m["features"], "\(ctx) features") ?? [] {
            guard let fid = r.identifier(f, "\(ctx) feature") else { continue }
            if !featureIDs.contains(fid) { r.report(f, "\(ctx) grants unknown feature \"\(fid)\"; declare it under features") }
            features.append(fid)
        }
        var quotas: [TierCatalog.Quota] = []
        for q in r.list(m["quotas"], "\(ctx) quotas") ?? [] {
            guard let qm = r.mapping(q, "a quota of \(ctx)", required: ["metric", "limit", "period"], optional: ["overage"]),
                  let metric = r.identifier(qm["metric"], "\(ctx) quota metric") else { continue }
            if !metricIDs.contains(metric) { r.report(q, "\(ctx) has a quota on unknown metric \"\(metric)\"; declare it under metrics") }
            let period = r.string(qm["period"], "\(ctx) quota period") ?? "month"
            if let pn = qm["period"], !["day", "month", "year"].contains(period) { r.report(pn, "quota period must be day, month or year") }
            var overage: TierCatalog.Overage? = nil
            if let o = r.mapping(qm["overage"], "\(ctx) quota \(metric) overage", required: ["price", "per"]),
               let price = r.integer(o["price"], "\(ctx) quota \(metric) overage.price", min: 1),
               let per = r.integer(o["per"], "\(ctx) quota \(metric) overage.per", min: 1) {
                // An overage is billed with the period's fee, so it is priced on quotas of the billing period.
                if period != billingPeriod, ["month", "year"].contains(billingPeriod), let n = qm["overage"] {
                    r.report(n, "\(ctx) prices overage on its \(metric) quota per \(period), but billing is per \(billingPeriod); "
                        + "price overage only on quotas whose period is the billing period")
                }
                overage = .init(price: price, per: per)
            }
            quotas.append(.init(metric: metric, limit: r.integer(qm["limit"], "\(ctx) quota limit") ?? 0, period: period, overage: overage))
        }
        var controls = TierCatalog.GovernanceControls(auditLogRetentionDays: 0, sso: false, policyEnforcement: false, dataResidency: [])
        if let g = r.mapping(m["governance"], "\(ctx) governance",
                             required: ["audit_log_retention_days", "sso", "policy_enforcement", "data_residency"]) {
            controls = .init(auditLogRetentionDays: r.integer(g["audit_log_retention_days"], "\(ctx) audit_log_retention_days") ?? 0,
                             sso: r.bool(g["sso"], "\(ctx) sso") ?? false,
                             policyEnforcement: r.bool(g["policy_enforcement"], "\(ctx) policy_enforcement") ?? false,
                             dataResidency: (r.list(g["data_residency"], "\(ctx) data_residency") ?? []).compactMap { r.identifier($0, "region") })
        }
        let sla = loadSLA(m["sla"], r, ctx) ?? TierCatalog.SLA(uptimeBp: 0, firstResponseMinutes: [:], resolutionHours: [:],
                                                              supportHours: "business", supportRegions: [], credits: [])
        var trial: TierCatalog.TrialLimits? = nil
        if let t = r.mapping(m["trial"], "\(ctx) trial", required: ["max_days", "max_seats"]),
           let days = r.integer(t["max_days"], "\(ctx) trial.max_days", min: 1, max: 366),
           let seats = r.integer(t["max_seats"], "\(ctx) trial.max_seats", min: 1) {
            if seats > price.maxSeats, let n = t["max_seats"] {
                r.report(n, "\(ctx) trial.max_seats (\(seats)) is above the tier's max_seats (\(price.maxSeats)); a trial converts into a license the tier can sell")
            }
            trial = .init(maxDays: days, maxSeats: seats)
        }
        return .init(id: id, name: r.string(m["name"], "\(ctx) name") ?? id, rank: rank, price: price, features: features,
                     quotas: quotas, governance: controls, sla: sla, trial: trial)
    }

    private static func loadSLA(_ node: PolicyNode?, _ r: PolicyReader, _ ctx: String) -> TierCatalog.SLA? {
        guard let s = r.mapping(node, "\(ctx) sla", required: ["uptime_bp", "first_response_minutes", "resolution_hours",
                                                                 "support_hours", "support_regions", "credits"],
                                optional: ["credit_cap_bp", "maintenance_notice_hours"]) else { return nil }
        func perSeverity(_ key: String) -> [Severity: Int64] {
            var out: [Severity: Int64] = [:]
            guard let m = r.mapping(s[key], "\(ctx) sla.\(key)", required: Severity.allCases.map(\.rawValue)) else { return out }
            for sev in Severity.allCases { out[sev] = r.integer(m[sev.rawValue], "\(ctx) sla.\(key).\(sev)", min: 1) }
            return out
        }
        let hours = r.string(s["support_hours"], "\(ctx) support_hours") ?? "business"
        if let n = s["support_hours"], !TierCatalog.supportHourKinds.contains(hours) { r.report(n, "support_hours must be business, extended or 24x7") }
        var credits: [TierCatalog.CreditStep] = []
        var previous: Int64 = .max
        for c in r.list(s["credits"], "\(ctx) sla.credits") ?? [] {
            guard let cm = r.mapping(c, "a credit step", required: ["below_bp", "credit_bp"]),
                  let below = r.integer(cm["below_bp"], "credit below_bp", max: 10_000),
                  let credit = r.integer(cm["credit_bp"], "credit credit_bp", max: 10_000) else { continue }
            if below >= previous { r.report(c, "credit steps must go from the highest below_bp to the lowest") }
            previous = below
            credits.append(.init(belowBp: below, creditBp: credit))
        }
        var sla = TierCatalog.SLA(uptimeBp: r.integer(s["uptime_bp"], "\(ctx) sla.uptime_bp", max: 10_000) ?? 0,
                                  firstResponseMinutes: perSeverity("first_response_minutes"), resolutionHours: perSeverity("resolution_hours"),
                                  supportHours: hours, supportRegions: (r.list(s["support_regions"], "support_regions") ?? []).compactMap { r.identifier($0, "region") },
                                  credits: credits)
        if s["credit_cap_bp"] != nil, let cap = r.integer(s["credit_cap_bp"], "\(ctx) sla.credit_cap_bp", max: 10_000) { sla.creditCapBp = cap }
        if s["maintenance_notice_hours"] != nil, let notice = r.integer(s["maintenance_notice_hours"], "\(ctx) sla.maintenance_notice_hours", max: 8_760) {
            sla.maintenanceNoticeHours = notice
        }
        return sla
    }

    private static func loadAddon(_ node: PolicyNode, _ r: PolicyReader, tierIDs: Set<String>, featureIDs: Set<String>,
                                  metricIDs: Set<String>) -> TierCatalog.Addon? {
        guard let m = r.mapping(node, "an add-on", required: ["id", "name", "price", "per_seat", "available_for"],
                                optional: ["adds_feature", "raises_quota", "sla"]),
              let id = r.identifier(m["id"], "add-on id") else { return nil }
        let ctx = "add-on \(id)"
        var tiers: [String] = []
        for t in r.list(m["available_for"], "\(ctx) available_for") ?? [] {
            guard let tid = r.identifier(t, "tier") else { continue }
            if !tierIDs.contains(tid) { r.report(t, "\(ctx) is offered for unknown tier \"\(tid)\"") }
            tiers.append(tid)
        }
        var feature: String? = nil
        if let f = m["adds_feature"], let fid = r.identifier(f, "\(ctx) adds_feature") {
            if !featureIDs.contains(fid) { r.report(f, "\(ctx) adds unknown feature \"\(fid)\"") }
            feature = fid
        }
        var quota: (String, Int64)? = nil
        if let q = r.mapping(m["raises_quota"], "\(ctx) raises_quota", required: ["metric", "by"]),
           let metric = r.identifier(q["metric"], "metric"), let by = r.integer(q["by"], "\(ctx) raises_quota.by", min: 1) {
            if !metricIDs.contains(metric), let n = q["metric"] { r.report(n, "\(ctx) raises unknown metric \"\(metric)\"") }
            quota = (metric, by)
        }
        var uptime: Int64? = nil, hours: String? = nil
        if let s = r.mapping(m["sla"], "\(ctx) sla", optional: ["uptime_bp", "support_hours"]) {
            uptime = r.integer(s["uptime_bp"], "\(ctx) sla.uptime_bp", max: 10_000)
            hours = r.string(s["support_hours"], "\(ctx) sla.support_hours")
            if let h = hours, let n = s["support_hours"], !TierCatalog.supportHourKinds.contains(h) {
                r.report(n, "support_hours must be business, extended or 24x7")
            }
        }
        if feature == nil && quota == nil && uptime == nil && hours == nil { r.report(node, "\(ctx) changes nothing: give adds_feature, raises_quota or sla") }
        return .init(id: id, name: r.string(m["name"], "\(ctx) name") ?? id, price: r.integer(m["price"], "\(ctx) price") ?? 0,
                     perSeat: r.bool(m["per_seat"], "\(ctx) per_seat") ?? false, availableFor: tiers, addsFeature: feature,
                     raisesQuota: quota.map { (metric: $0.0, by: $0.1) }, slaUptimeBp: uptime, slaSupportHours: hours)
    }

    private static func loadDiscounts(_ node: PolicyNode?, _ r: PolicyReader) -> TierCatalog.Discounts {
        guard let d = r.mapping(node, "discounts", optional: ["volume", "term"]) else { return .init(volume: [], term: []) }
        func steps(_ key: String, _ threshold: String) -> [(Int64, Int64)] {
            var out: [(Int64, Int64)] = []
            for s in r.list(d[key], "discounts.\(key)") ?? [] {
                guard let m = r.mapping(s, "a \(key) discount", required: [threshold, "discount_bp"]),
                      let t = r.integer(m[threshold], "\(key) discount \(threshold)", min: 1),
                      let bp = r.integer(m["discount_bp"], "\(key) discount_bp", max: 10_000) else { continue }
                if let last = out.last, t <= last.0 { r.report(s, "\(key) discounts must be listed by increasing \(threshold)") }
                out.append((t, bp))
            }
            return out
        }
        return .init(volume: steps("volume", "min_seats").map { (minSeats: $0.0, discountBp: $0.1) },
                     term: steps("term", "min_months").map { (minMonths: $0.0, discountBp: $0.1) })
    }
}
