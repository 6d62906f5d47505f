import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto

/// The parameters of a change, shared by propose, amend and emergency.
struct ChangeParameterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("issue, trial: the customer.", valueName: "customer")) var customer: String?
    @Option(name: .long, help: ArgumentHelp("issue, trial: the tier.", valueName: "tier")) var tier: String?
    @Option(name: .long, help: ArgumentHelp("issue, trial, seats, convert: the seat count.", valueName: "n")) var seats: Int64?
    @Option(name: .long, help: ArgumentHelp("issue, convert: an add-on (repeat); addon-add/addon-remove: the add-on.", valueName: "addon"))
    var addon: [String] = []
    @Option(name: .long, help: ArgumentHelp("issue, renew, convert: the term in months.", valueName: "months")) var termMonths: Int64?
    @Option(name: .long, help: ArgumentHelp("trial: its last day (UTC), within the tier's trial limits.", valueName: "yyyy-mm-dd")) var ends: String?
    @Option(name: .long, help: ArgumentHelp("A manual discount in basis points.", valueName: "bp")) var discountBp: Int64?
    @Option(name: .long, help: ArgumentHelp("upgrade, downgrade: the new tier.", valueName: "tier")) var toTier: String?
    @Option(name: .long, help: ArgumentHelp("transfer: the new customer.", valueName: "customer")) var toCustomer: String?
    @Option(name: .long, help: ArgumentHelp("quota-adjust: the metric.", valueName: "metric")) var metric: String?
    @Option(name: .long, help: ArgumentHelp("quota-adjust: the new limit.", valueName: "n")) var limit: Int64?
    @Option(name: .long, help: ArgumentHelp("seats, downgrade: how use above the new limits will be brought down.", valueName: "text"))
    var remediation: String?

    func params(for kind: ChangeKind) -> JSONValue {
        var p: [String: JSONValue] = [:]
        if let customer { p["customer"] = .string(customer) }
        if let tier { p["tier"] = .string(tier) }
        if let seats { p["seats"] = .integer(seats) }
        if !addon.isEmpty {
            if kind == .addonAdd || kind == .addonRemove { p["addon"] = .string(addon[0]) } else { p["addons"] = .array(addon.map { .string($0) }) }
        }
        if let termMonths { p["term_months"] = .integer(termMonths) }
        if let ends { p["ends"] = .string(ends) }
        if let discountBp { p["discount_bp"] = .integer(discountBp) }
        if let toTier { p["to_tier"] = .string(toTier) }
        if let toCustomer { p["to_customer"] = .string(toCustomer) }
        if let metric { p["metric"] = .string(metric) }
        if let limit { p["limit"] = .integer(limit) }
        if let remediation { p["remediation"] = .string(remediation) }
        return .object(p)
    }
}
