import Ledger

/// What a certificate's `license.certify` entry states about the license.
public struct Entitlements: Sendable, Equatable {
    public struct Quota: Sendable, Equatable {
        public let metric: String
        public let limit: Int64
        /// `day`, `month` or `year`.
        public let period: String
    }

    public let license: String
    public let customer: String
    public let tier: String
    public let addons: [String]
    public let features: [String]
    public let quotas: [Quota]
    public let seats: Int64
    /// `active`, `suspended`, `expired` or `terminated` when certified.
    public let status: String
    public let termStart: EntryTime
    public let termEnd: EntryTime
    public let graceDays: Int64

    /// Reads the body of a `license.certify` entry.
    init(body: JSONValue) throws(LicenseCheckError) {
        func string(_ name: String) throws(LicenseCheckError) -> String {
            guard let value = body[name]?.stringValue else { throw .malformed("the certification has no \"\(name)\"") }
            return value
        }
        func strings(_ name: String) throws(LicenseCheckError) -> [String] {
            guard let items = body[name]?.arrayValue else { throw .malformed("the certification has no \"\(name)\" list") }
            var out: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw .malformed("\"\(name)\" holds a non-string") }
                out.append(text)
            }
            return out
        }
        func time(_ name: String) throws(LicenseCheckError) -> EntryTime {
            guard let value = EntryTime(rfc3339: try string(name)) else { throw .malformed("\"\(name)\" is not a time") }
            return value
        }
        license = try string("license")
        customer = try string("customer")
        tier = try string("tier")
        addons = try strings("addons")
        features = try strings("features")
        status = try string("status")
        termStart = try time("term_start")
        termEnd = try time("term_end")
        guard let seats = body["seats"]?.integerValue, let grace = body["grace_days"]?.integerValue, let items = body["quotas"]?.arrayValue else {
            throw .malformed("the certification has no \"seats\", \"grace_days\" or \"quotas\"")
        }
        self.seats = seats
        graceDays = grace
        var quotas: [Quota] = []
        for item in items {
            guard let metric = item["metric"]?.stringValue, let limit = item["limit"]?.integerValue, let period = item["period"]?.stringValue else {
                throw .malformed("a quota is not {limit, metric, period}")
            }
            quotas.append(Quota(metric: metric, limit: limit, period: period))
        }
        self.quotas = quotas
    }

    /// The end of the grace period: the term end plus `graceDays`.
    public var graceEnd: EntryTime { EntryTime(milliseconds: termEnd.milliseconds + graceDays * 86_400_000) ?? termEnd }
}
