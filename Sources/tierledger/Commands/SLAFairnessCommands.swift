import ArgumentParser
import Governance
import GovernanceService
import Ledger

extension SLACommand {
    struct Maintenance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Announce a maintenance window: outages inside it do not count if announced with notice.",
            discussion: """
                The entry's time is the announcement. A window announced at least the tier's \
                maintenance_notice_hours (default 72) before it starts excuses the outages inside it for the \
                customers or tiers it names; one announced later excuses nothing. At most 7 days long.

                Examples:
                  tierledger sla maintenance --start 2026-03-10T02:00:00Z \\
                      --end 2026-03-10T06:00:00Z --tier team \\
                      --summary "database upgrade" --key ops.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Option(name: .long, help: ArgumentHelp("When it starts (RFC 3339 UTC), after now.", valueName: "time")) var start: String
        @Option(name: .long, help: ArgumentHelp("When it ends.", valueName: "time")) var end: String
        @OptionGroup var affected: AffectedOptions
        @Option(name: .long, help: ArgumentHelp("What the work is.", valueName: "text")) var summary: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let (from, to) = (try SLACommand.time(start, "--start"), try SLACommand.time(end, "--end"))
            let writer = try GovernedWriter(location, signing, waiting)
            let body = SLAEntry.maintenanceBody(start: from, end: to, customers: affected.customer, tiers: affected.tier, summary: summary)
            let (recorded, stored) = try writer.record {
                try writer.service.record(SLAEntry.maintenance, body, signedBy: $0.key, at: $0.time, future: $0.future, wait: $0.wait)
            }
            let notice = (from.milliseconds - stored.entry.time.milliseconds) / 3_600_000
            let tiers = recorded.state.policy?.set.catalog.tiers ?? []
            let short = tiers.filter { notice < $0.sla.maintenanceNoticeHours }.map(\.id)
            Console.out("announced maintenance in entry \(stored.entry.seq), \(notice) hours ahead"
                + (short.isEmpty ? "" : "; too late to excuse outages for tiers needing more notice: \(short.joined(separator: ", "))"))
        }
    }

    struct Exclude: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exclude an incident from uptime as force majeure (an admin or a compliance officer).",
            discussion: """
                The incident stays in the ledger and in reports; it no longer counts against any license's \
                uptime or credits. The operator who records incidents cannot excuse them.

                Examples:
                  tierledger sla exclude 412 --reason force-majeure \\
                      --note "regional power grid failure" --key cora.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The incident's entry number.", valueName: "seq")) var incident: Int64
        @Option(name: .long, help: ArgumentHelp("Why: force-majeure.", valueName: "reason")) var reason: String
        @Option(name: .long, help: ArgumentHelp("What happened, for the record.", valueName: "text")) var note: String
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            let writer = try GovernedWriter(location, signing, waiting)
            let body = SLAEntry.exclusionBody(incident: incident, reason: reason, note: note)
            let (_, stored) = try writer.record {
                try writer.service.record(SLAEntry.exclusion, body, signedBy: $0.key, at: $0.time, future: $0.future, wait: $0.wait)
            }
            Console.out("excluded incident \(incident) as \(reason) in entry \(stored.entry.seq)")
        }
    }

    struct Credit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a service credit issued to a license for a finished month.",
            discussion: """
                Without --amount, issues what is still owed. The ledger refuses more than the month's credit \
                (as `sla attainment` computes it) less what was issued before, and a month still running.

                Examples:
                  tierledger sla credit ACME-1 --month 2026-03 --key ops.pem
                  tierledger sla credit ACME-1 --month 2026-03 --amount 5000 \\
                      --key ops.pem

                \(ExitStatusHelp.writes)
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The license.", valueName: "id")) var license: String
        @Option(name: .long, help: ArgumentHelp("The month the credit is for.", valueName: "YYYY-MM")) var month: String
        @Option(name: .long, help: ArgumentHelp("In minor units (cents); default: what is still owed.", valueName: "amount")) var amount: Int64?
        @OptionGroup var signing: SigningKeyOptions
        @OptionGroup var waiting: WaitOptions

        func run() throws {
            guard SLAAttainment.bounds(of: month) != nil else { throw ValidationError("--month must look like 2026-03") }
            let writer = try GovernedWriter(location, signing, waiting)
            let state = try writer.service.state()
            guard let chosen = state.licenses[license] else { throw CLIError("no license \(license) in the ledger", code: .governanceNotFound) }
            let owed: SLAAttainment
            do { owed = try SLAMonth(month, state: state).attainment(of: chosen) } catch { throw CLIError(error.message, keeping: error) }
            let value = amount ?? owed.creditOutstanding
            guard value > 0 else {
                throw CLIError("\(license) is owed nothing more for \(month) (credit \(Money.text(owed.credit, owed.currency)), issued \(Money.text(owed.creditIssued, owed.currency)))",
                               code: .governanceNotAllowed)
            }
            let body = SLAEntry.creditBody(license: license, month: month, amount: value, currency: owed.currency)
            let (_, stored) = try writer.record {
                try writer.service.record(SLAEntry.credit, body, signedBy: $0.key, at: $0.time, future: $0.future, wait: $0.wait)
            }
            Console.out("issued a credit of \(Money.text(value, owed.currency)) to \(license) for \(month) in entry \(stored.entry.seq)")
        }
    }
}
