import ArgumentParser
import Governance
import GovernanceService
import Ledger
import Reports

struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Record incidents, tickets, maintenance windows and credits issued; show SLA attainment and credits owed.",
        discussion: """
            Severities and priorities are those the tier catalog's SLAs name (sev1 … sev4); a sev1 incident is an \
            outage and counts against uptime. Response and resolution run in the tier's support hours (business: \
            Mon–Fri 09:00–18:00 UTC; extended: Mon–Sat 07:00–22:00 UTC; 24x7). Records are signed by an operator or an admin.

            Examples:
              tierledger sla incident --start 2026-03-04T10:00:00Z \\
                  --end 2026-03-04T11:30:00Z --severity sev1 --tier team \\
                  --summary "EU API outage" --key ops.pem
              tierledger sla attainment --month 2026-03 --misses

            \(ExitStatusHelp.group)
            """,
        subcommands: [Incident.self, Ticket.self, Maintenance.self, Exclude.self, Credit.self, Attainment.self]
    )

    static func time(_ text: String, _ option: String) throws -> EntryTime {
        guard let time = Clock.parse(text) else {
            throw ValidationError("\(option) \(text) is not a time: give RFC 3339 UTC such as 2026-03-01T09:30:00Z")
        }
        return time
    }
}

extension SLACommand {
    struct Incident: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an incident that affected some customers or whole tiers.",
            discussion: """
                It affects the licenses that were in service while it ran (issued, within their term, neither \
                suspended nor terminated) and whose customer or tier it names as they were then; the command \
                lists them. Record it after the fact if need be: it counts in its month whenever it is recorded.

                Examples:
                  tierledger sla incident --start 2026-03-04T10:00:00Z \\
                      --end 2026-03-04T11:30:00Z --severity sev1 --tier team \\
                      --summary "EU API outage" --key ops.pem
                  tierledger sla incident --start 2026-03-09T08:00:00Z \\
                      --end 2026-03-09T09:00:00Z --severity sev2 --customer acme \\
                      --summary "slow search" --key ops.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("When it began (RFC 3339 UTC).", valueName: "time")) var start: String
        @Option(name: .long, help: ArgumentHelp("When it ended.", valueName: "time")) var end: String
        @Option(name: .long, help: ArgumentHelp("sev1 (an outage) to sev4.", valueName: "severity")) var severity: Severity
        @OptionGroup var affected: AffectedOptions
        @Option(name: .long, help: ArgumentHelp("What happened.", valueName: "text")) var summary: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let (from, to) = (try SLACommand.time(start, "--start"), try SLACommand.time(end, "--end"))
            let writer = try GovernedWriter(location, signing, waiting)
            let (customers, tiers) = (affected.customer, affected.tier)
            let (recorded, stored) = try writer.record {
                try writer.service.recordIncident(start: from, end: to, severity: severity, customers: customers, tiers: tiers, summary: summary, $0)
            }
            let state = recorded.state
            let affected = state.incidents.last?.licenses ?? []
            let names = affected.isEmpty ? "" : ": " + affected.joined(separator: ", ")
            Console.out("recorded incident in entry \(stored.entry.seq); it affected \(Count.text(Int64(affected.count))) license\(affected.count == 1 ? "" : "s")\(names)")
        }
    }

    struct Ticket: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a resolved support ticket on a license.",
            discussion: """
                Examples:
                  tierledger sla ticket --license ACME-1 --priority sev2 \\
                      --opened 2026-03-02T08:00:00Z --first-response 2026-03-02T09:10:00Z \\
                      --resolved 2026-03-03T12:00:00Z --key ops.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("The license.", valueName: "id")) var license: String
        @Option(name: .long, help: ArgumentHelp("sev1 to sev4.", valueName: "priority")) var priority: Severity
        @Option(name: .long, help: ArgumentHelp("When it was opened.", valueName: "time")) var opened: String
        @Option(name: .long, help: ArgumentHelp("When support first answered.", valueName: "time")) var firstResponse: String
        @Option(name: .long, help: ArgumentHelp("When it was resolved.", valueName: "time")) var resolved: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let times = (try SLACommand.time(opened, "--opened"), try SLACommand.time(firstResponse, "--first-response"),
                         try SLACommand.time(resolved, "--resolved"))
            let writer = try GovernedWriter(location, signing, waiting)
            let stored = try writer.record {
                try writer.service.recordTicket(license: license, priority: priority, opened: times.0, firstResponse: times.1, resolved: times.2, $0)
            }.entry
            Console.out("recorded ticket on \(license) in entry \(stored.entry.seq)")
        }
    }

    struct Attainment: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Uptime, response and resolution against each license's SLA for a month, and the credit owed.",
            discussion: """
                Counts every incident and ticket in the ledger, whenever it was recorded, and judges each license \
                by its tier, add-ons and seats as they stood at the month's end; `report health` flags its SLA \
                misses from the same calculation (docs/format.md §6.6).

                Examples:
                  tierledger sla attainment --month 2026-03
                  tierledger sla attainment --month 2026-03 --misses
                  tierledger sla attainment --month 2026-03 --license ACME-1 --json

                \(ExitStatusHelp.reads)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("The calendar month.", valueName: "YYYY-MM")) var month: String
        @Option(name: .long, help: ArgumentHelp("Only this license.", valueName: "id")) var license: String?
        @Flag(name: .long, help: "Only licenses with a miss or a credit.") var misses = false
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            guard SLAAttainment.bounds(of: month) != nil else { throw ValidationError("--month must look like 2026-03") }
            // The whole ledger: an incident recorded after the month still counts in it, as in `report health`.
            let state = try location.service().state()
            var results: [SLAAttainment] = []
            do {
                let sla = try SLAMonth(month, state: state)
                if let license {
                    guard let chosen = state.licenses[license] else { throw CLIError("no license \(license) in the ledger", code: .governanceNotFound) }
                    results = [try sla.attainment(of: chosen)]
                } else {
                    results = try sla.licenses.map { l throws(AuthorityViolation) in try sla.attainment(of: l) }
                }
            } catch let error as AuthorityViolation {
                throw CLIError(error.message, keeping: error)
            }
            if misses { results = results.filter { $0.misses > 0 || $0.credit > 0 } }
            if json {
                Console.exact(JSONOutput.line(["month": .string(month), "licenses": .array(results.map(\.json))]))
                return
            }
            if results.isEmpty { Console.out("no licenses to report for \(month)") }
            for r in results {
                let uptime = "\(Percent.bp(r.uptimeBp)) (target \(Percent.bp(r.targetBp)))"
                let late = r.tickets.filter { !$0.responseMet || !$0.resolutionMet }.count
                let tickets = r.tickets.isEmpty ? "no tickets" : "\(r.tickets.count) ticket\(r.tickets.count == 1 ? "" : "s"), \(late) late"
                let issued = r.creditIssued > 0 ? ", \(Money.text(r.creditIssued, r.currency)) issued" : ""
                let excused = r.excusedMinutes > 0 ? " (\(r.excusedMinutes) min excused by maintenance)" : ""
                Console.out("\(r.license)\t\(r.customer)\t\(r.tier)\tuptime \(uptime)\(r.uptimeMet ? "" : " MISSED")\(excused)\t\(tickets)\tcredit \(Money.text(r.credit, r.currency))\(issued)")
            }
        }
    }
}

/// The customers or tiers an incident or a maintenance window affects: one kind, not both.
struct AffectedOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("An affected customer (repeat).", valueName: "customer")) var customer: [String] = []
    @Option(name: .long, help: ArgumentHelp("An affected tier (repeat), instead of customers.", valueName: "tier")) var tier: [String] = []

    func validate() throws {
        guard customer.isEmpty != tier.isEmpty else { throw ValidationError("name the affected --customer or --tier values (one kind, not both)") }
    }
}
