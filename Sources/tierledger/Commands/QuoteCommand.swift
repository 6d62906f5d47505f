import ArgumentParser
import Governance
import GovernanceService
import Ledger

struct QuoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quote",
        abstract: "Price a tier: line items from the adopted policy version (--json: integers in minor units).",
        discussion: """
            Base fee, seats × rate, add-ons, then volume, term and manual discounts in that order (each on what \
            remains, rounded half up), then overage for expected use above a quota (--usage METRIC=N, use per \
            quota period) at the tier's overage rates, and the total per billing period and over the term. \
            Prices come from the policy adopted in the ledger, or from --policies DIR for a preview.

            Examples:
              tierledger quote --tier business --seats 120 --addon premium-support \\
                  --term-months 24
              tierledger quote --tier team --seats 10 --usage api-calls=1250000
              tierledger quote --tier team --seats 10 --policies policies --json

            \(ExitStatusHelp.reads)
            """
    )

    @OptionGroup var location: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("Preview with the policy files in this directory instead of the ledger's.", valueName: "dir"),
            completion: .directory)
    var policies: String?

    @Option(name: .long, help: ArgumentHelp("The tier.", valueName: "tier")) var tier: String
    @Option(name: .long, help: ArgumentHelp("Seats.", valueName: "n")) var seats: Int64
    @Option(name: .long, help: ArgumentHelp("An add-on; repeat for several.", valueName: "addon")) var addon: [String] = []
    @Option(name: .long, help: ArgumentHelp("Term length in months.", valueName: "months")) var termMonths: Int64 = 12
    @Option(name: .long, help: ArgumentHelp("Manual discount in basis points (1500 = 15 %).", valueName: "bp")) var discountBp: Int64 = 0
    @Option(name: .long, help: ArgumentHelp("Expected use of a metric in one quota period, priced as overage above the quota; repeat for several.",
                                            valueName: "metric=n"))
    var usage: [String] = []

    func validate() throws {
        _ = try expectedUsage()
    }

    /// `--usage` as metric → amount; each metric at most once.
    func expectedUsage() throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for item in usage {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let amount = Int64(parts[1]), amount >= 0 else {
                throw ValidationError("--usage \(item): give METRIC=N with a whole number N ≥ 0, e.g. --usage api-calls=1250000")
            }
            guard out.updateValue(amount, forKey: String(parts[0])) == nil else { throw ValidationError("--usage names \(parts[0]) twice") }
        }
        return out
    }

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let policy: PolicySet
        if let policies {
            policy = try PolicyCommand.load(policies)
        } else {
            guard let adopted = try location.service().state().policy else {
                throw CLIError("no policy has been adopted in this ledger; run `tierledger policy adopt DIR`, or preview with --policies DIR",
                               code: .serviceNoPolicy)
            }
            policy = adopted.set
        }
        let quote: Quote
        do {
            quote = try policy.quote(tier: tier, seats: seats, addons: addon, termMonths: termMonths, discountBp: discountBp, usage: try expectedUsage())
        } catch let error as QuoteError {
            throw CLIError(error.description, keeping: error)
        }
        if json {
            Console.exact(String(decoding: CanonicalJSON.encode(quote.json), as: UTF8.self))
            return
        }
        Console.out("quote: \(quote.tier), \(Count.text(quote.seats)) seats, \(quote.termMonths) months (\(quote.currency) per \(quote.billingPeriod))")
        let discounts = quote.lines.filter { $0.amount < 0 }, overages = quote.lines.filter { $0.kind == "overage" }
        let charges = quote.lines.filter { $0.amount >= 0 && $0.kind != "overage" }
        var rows = charges.map { (QuoteText.description($0, currency: quote.currency), $0.amount) }
        rows.append(("subtotal", quote.subtotal))
        rows += discounts.map { (QuoteText.description($0, currency: quote.currency), $0.amount) }
        rows += overages.map { (QuoteText.description($0, currency: quote.currency), $0.amount) }
        rows.append(("total per \(quote.billingPeriod)", quote.total))
        rows.append(("total over the term", quote.termTotal))
        for (label, amount) in rows {
            Console.out("\(pad(label, 56))\(pad(Money.text(amount, quote.currency), 18, left: true))")
        }
        Console.out("policy \(quote.policy)")
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, width - text.count))
        return left ? fill + text : text + fill
    }
}
