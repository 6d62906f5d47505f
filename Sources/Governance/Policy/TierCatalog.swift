/// The tier catalog (`policies/tiers.yaml`): what each tier grants on the three axes — features,
/// usage quotas, governance controls — its SLA, and its price; add-ons; discount rules.
/// Amounts are integers in minor units per billing period; rates in basis points.
public struct TierCatalog: Sendable {
    public struct Feature: Sendable { public let id: String; public let name: String }
    public struct Metric: Sendable { public let id: String; public let unit: String }

    public struct Price: Sendable {
        public let base: Int64
        public let perSeat: Int64
        public let minSeats: Int64
        public let maxSeats: Int64
    }

    public struct Quota: Sendable {
        public let metric: String
        public let limit: Int64
        public let period: String
        /// What use above `limit` costs, per period; nil when the tier does not sell overage.
        public let overage: Overage?
    }

    /// A price for use above a quota: `price` minor units for each `per` units, or part of them,
    /// over the limit in one quota period (`overage: {price, per}` of a quota in tiers.yaml).
    public struct Overage: Sendable, Equatable {
        public let price: Int64
        public let per: Int64

        /// The blocks of `per` units (a part counts whole) that `excess` units make; 0 for none.
        public func blocks(_ excess: Int64) -> Int64 { excess <= 0 ? 0 : (excess - 1) / per + 1 }

        /// What `excess` units above the limit cost.
        public func cost(_ excess: Int64) -> Int64 {
            let (product, overflow) = blocks(excess).multipliedReportingOverflow(by: price)
            return overflow ? Int64.max : product
        }
    }

    public struct GovernanceControls: Sendable {
        public let auditLogRetentionDays: Int64
        public let sso: Bool
        public let policyEnforcement: Bool
        public let dataResidency: [String]
    }

    public struct CreditStep: Sendable {
        /// Monthly uptime below this (basis points)…
        public let belowBp: Int64
        /// …earns this share of the month's fee as credit (basis points).
        public let creditBp: Int64
    }

    public struct SLA: Sendable {
        public let uptimeBp: Int64
        /// First-response target per severity (sev1…sev4), in minutes.
        public let firstResponseMinutes: [Severity: Int64]
        /// Resolution target per severity, in hours.
        public let resolutionHours: [Severity: Int64]
        /// `business`, `extended` or `24x7`.
        public let supportHours: String
        public let supportRegions: [String]
        public let credits: [CreditStep]
        /// The most a month's credit may be, as a share of what the customer pays for the month
        /// (basis points; `credit_cap_bp`, default 10000: no cap beyond the steps).
        public internal(set) var creditCapBp: Int64 = 10_000
        /// How long before it starts a maintenance window must be announced for its outages not to
        /// count against uptime (`maintenance_notice_hours`, default 72).
        public internal(set) var maintenanceNoticeHours: Int64 = 72
    }

    public struct Tier: Sendable {
        public let id: String
        public let name: String
        /// Order of tiers: a higher rank is an upgrade.
        public let rank: Int64
        public let price: Price
        public let features: [String]
        public let quotas: [Quota]
        public let governance: GovernanceControls
        public let sla: SLA
        /// The tier's trial limits; nil when the tier is not offered on trial.
        public let trial: TrialLimits?
    }

    /// How long and how large a free trial of a tier may be (`trial: {max_days, max_seats}`).
    public struct TrialLimits: Sendable, Equatable {
        public let maxDays: Int64
        public let maxSeats: Int64
    }

    public struct Addon: Sendable {
        public let id: String
        public let name: String
        public let price: Int64
        public let perSeat: Bool
        public let availableFor: [String]
        public let addsFeature: String?
        public let raisesQuota: (metric: String, by: Int64)?
        public let slaUptimeBp: Int64?
        public let slaSupportHours: String?
    }

    public struct Discounts: Sendable {
        public let volume: [(minSeats: Int64, discountBp: Int64)]
        public let term: [(minMonths: Int64, discountBp: Int64)]
    }

    public let label: String
    public let currency: String
    public let billingPeriod: String
    public let features: [Feature]
    public let metrics: [Metric]
    public let tiers: [Tier]
    public let addons: [Addon]
    public let discounts: Discounts

    public func tier(_ id: String) -> Tier? { tiers.first { $0.id == id } }
    public func addon(_ id: String) -> Addon? { addons.first { $0.id == id } }

    public static let supportHourKinds = ["business", "extended", "24x7"]
}
