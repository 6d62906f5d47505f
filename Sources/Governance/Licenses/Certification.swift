import Ledger
import LedgerCrypto

/// `license.certify`: a licensor states, in the ledger, what a license entitles its holder to at the
/// entry's time, so that a certificate built on that entry (`tierledger license certificate`) can be
/// checked offline by the vendor's products, with the proof that it was recorded.
///
/// Body: `{"addons","customer","features","grace_days","license","policy","quotas","seats","status",
/// "term_end","term_start","tier"}`. Every member but `grace_days` and `policy` must equal what replay
/// gives for the license at the entry's time (docs/format.md §6.7): a certificate can state nothing
/// the ledger does not hold.
public enum Certification {
    public static let type = "license.certify"
    /// The longest grace period a certificate may grant after the term ends.
    public static let maxGraceDays: Int64 = 90

    /// The entitlements of `license` at `time` under `catalog`: what a certificate states. Lists are
    /// sorted; quotas are `{"limit","metric","period"}` (add-on and override limits included).
    public static func entitlements(of license: License, at time: EntryTime, catalog: TierCatalog) -> [String: JSONValue] {
        let tier = catalog.tier(license.tier)
        var features = Set(tier?.features ?? [])
        for id in license.addons { if let feature = catalog.addon(id)?.addsFeature { features.insert(feature) } }
        let periods = Dictionary((tier?.quotas ?? []).map { ($0.metric, $0.period) }, uniquingKeysWith: { first, _ in first })
        let quotas = LicenseChange.quotaLimits(catalog, license).sorted { $0.key < $1.key }.map { metric, limit -> JSONValue in
            .object(["limit": .integer(limit), "metric": .string(metric), "period": .string(periods[metric] ?? "month")])
        }
        return [
            "addons": .array(license.addons.sorted().map { .string($0) }),
            "customer": .string(license.customer),
            "features": .array(features.sorted().map { .string($0) }),
            "license": .string(license.id),
            "quotas": .array(quotas),
            "seats": .integer(license.seats),
            "status": .string(license.status(at: time).rawValue),
            "term_end": .string(license.termEnd.rfc3339),
            "term_start": .string(license.termStart.rfc3339),
            "tier": .string(license.tier),
        ]
    }

    /// The body of a certification of `license` at `time`.
    public static func body(of license: License, at time: EntryTime, graceDays: Int64, under policy: PolicySet) -> JSONValue {
        var members = entitlements(of: license, at: time, catalog: policy.catalog)
        members["grace_days"] = .integer(graceDays)
        members["policy"] = .string(policy.hash)
        return .object(members)
    }
}

extension GovernanceState {
    /// Checks a `license.certify` entry against the replayed license and records it.
    mutating func admitCertification(_ entry: Entry) throws(AuthorityViolation) {
        func fail(_ code: ErrorCode, _ text: String) -> AuthorityViolation { AuthorityViolation(code, "\(Certification.type): \(text)") }
        guard let current = policy else { throw fail(.governanceNoPolicy, "no policy is in force") }
        guard let members = entry.body.objectValue else { throw fail(.governanceBody, "the body must be an object") }
        let expectedNames: Set<String> = ["addons", "customer", "features", "grace_days", "license", "policy", "quotas", "seats", "status",
                                          "term_end", "term_start", "tier"]
        guard Set(members.keys) == expectedNames else {
            throw fail(.governanceBody, "the body has exactly \(expectedNames.sorted().joined(separator: ", "))")
        }
        guard members["policy"]?.stringValue == current.set.hash else {
            throw fail(.governanceStale, "names policy \(members["policy"]?.stringValue ?? "?"), but \(current.set.hash) is in force")
        }
        guard let id = members["license"]?.stringValue, let license = licenses[id] else {
            throw fail(.governanceNotFound, "no license \(members["license"]?.stringValue ?? "(missing)")")
        }
        guard let grace = members["grace_days"]?.integerValue, (0...Certification.maxGraceDays).contains(grace) else {
            throw fail(.governanceBody, "\"grace_days\" must be 0 to \(Certification.maxGraceDays)")
        }
        let expected = Certification.entitlements(of: license, at: entry.time, catalog: current.set.catalog)
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) where members[name] != value {
            throw fail(.governanceStale, "\"\(name)\" states \(members[name].map { String(decoding: CanonicalJSON.encode($0), as: UTF8.self) } ?? "nothing"), "
                + "but the ledger holds \(String(decoding: CanonicalJSON.encode(value), as: UTF8.self)) for \(id) at this entry")
        }
        certifications[id, default: []].append(entry.seq)
    }
}
