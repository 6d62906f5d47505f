import Foundation
import Governance
import Ledger
import LedgerCrypto
import Testing
import TestSupport

/// A year of a realistic book of customers: issues, upgrades, downgrades, seat changes, add-ons,
/// suspensions, transfers, renewals and terminations, each proposed, approved by the right people
/// and applied. The ledger verifies, and the state replayed as of any moment is what was true then.
@Suite struct YearScenarioTests {

    @Test func aYearOfCustomers() throws {
        let o = try Office()
        var rng = SeededGenerator(seed: 2026)
        let tiers = ["starter": (1, 10), "team": (3, 100), "business": (10, 1000), "enterprise": (50, 5000)]
        let order = ["starter", "team", "business", "enterprise"]
        var snapshots: [(time: EntryTime, licenses: [String: License])] = []
        var customers = 0
        for month in 1...12 {
            let monthStart = o.g.nextTime
            // New business: three customers a month.
            for _ in 0..<3 {
                customers += 1
                let tier = order[Int.random(in: 0..<4, using: &rng)]
                let (low, high) = tiers[tier] ?? (1, 10)
                let seats = Int64.random(in: Int64(low)...Int64(min(high, low * 4)), using: &rng)
                let cr = try o.propose(.issue, "L-\(customers)", ["customer": .string("customer-\(customers)"), "tier": .string(tier),
                                                                  "seats": .integer(seats), "term_months": .integer(month % 4 == 0 ? 3 : 12)])
                try o.approveAll(cr)
                try o.apply(cr)
            }
            // Changes to the book.
            let book = try o.state().licenses.values.filter { $0.status(at: o.g.nextTime) == .active }.sorted { $0.id < $1.id }
            for license in book where Int.random(in: 0..<5, using: &rng) == 0 {
                let rank = order.firstIndex(of: license.tier) ?? 0
                var kind: ChangeKind
                var params: JSONValue = [:]
                switch Int.random(in: 0..<6, using: &rng) {
                case 0 where rank < 3:
                    let target = order[rank + 1]
                    guard (tiers[target]?.0 ?? 0) <= Int(license.seats), Int(license.seats) <= (tiers[target]?.1 ?? 0) else { continue }
                    (kind, params) = (.upgrade, ["to_tier": .string(target)])
                case 1 where rank > 0:
                    let target = order[rank - 1]
                    guard (tiers[target]?.0 ?? 0) <= Int(license.seats), Int(license.seats) <= (tiers[target]?.1 ?? 0) else { continue }
                    (kind, params) = (.downgrade, ["to_tier": .string(target)])
                case 2:
                    let (low, high) = tiers[license.tier] ?? (1, 10)
                    let seats = min(Int64(high), max(Int64(low), license.seats + Int64.random(in: -3...8, using: &rng)))
                    guard seats != license.seats else { continue }
                    (kind, params) = (.seats, ["seats": .integer(seats)])
                case 3:
                    (kind, params) = (.suspend, [:])
                case 4:
                    (kind, params) = (.transfer, ["to_customer": .string(license.customer + "-holdings")])
                default:
                    (kind, params) = (.renew, ["term_months": 12])
                }
                let cr = try o.propose(kind, license.id, params)
                try o.approveAll(cr)
                try o.apply(cr)
            }
            // Suspended licenses come back the next month.
            for license in try o.state().licenses.values.filter({ $0.status == .suspended }).sorted(by: { $0.id < $1.id }) {
                let cr = try o.propose(.reinstate, license.id, [:])
                try o.approveAll(cr)
                try o.apply(cr)
            }
            if month == 11, let victim = try o.state().licenses.values.filter({ $0.status == .active }).sorted(by: { $0.id < $1.id }).first {
                let cr = try o.propose(.terminate, victim.id, [:])
                try o.approveAll(cr)
                try o.apply(cr)
            }
            snapshots.append((o.g.nextTime, try o.state().licenses))
            // On to the next month.
            let spent = (o.g.nextTime.milliseconds - monthStart.milliseconds) / 3_600_000
            o.g.advance(hours: max(0, 730 - spent))
        }

        let report = try o.g.verify()
        #expect(report.isIntact, "\(String(describing: report.failure))")
        #expect(report.verifiedEntries > 250)
        let final = try o.state()
        #expect(final.licenses.count == 36)
        #expect(final.licenses.values.contains { $0.status == .terminated })
        #expect(final.requests.values.allSatisfy { $0.state == .applied })

        // As of the middle of the year, replay gives what was true then — through the library and the CLI.
        for (time, expected) in [snapshots[3], snapshots[5], snapshots[8]] {
            let then = try GovernanceReplay.state(of: o.g.ledger, at: .time(EntryTime(milliseconds: time.milliseconds - 1)!))
            #expect(then.licenses.count == expected.count)
            for (id, license) in expected {
                #expect(then.licenses[id] == license, "\(id) as of \(time)")
            }
        }
        let (time, expected) = snapshots[5]
        let asOf = EntryTime(milliseconds: time.milliseconds - 1)!.rfc3339
        let license = try #require(expected.values.sorted { $0.id < $1.id }.first)
        let bin = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("tierledger").path
        let shown = try ProcessRunner.run(bin, ["license", "show", license.id, "--as-of", asOf, "--json", "--ledger", o.g.ledger.paths.root])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\"tier\":\"\(license.tier)\""))
        #expect(shown.stdout.contains("\"seats\":\(license.seats)"))
        #expect(shown.stdout.contains("\"customer\":\"\(license.customer)\""))
        #expect(shown.stdout.contains("\"status\":\"\(license.status(at: EntryTime(milliseconds: time.milliseconds - 1)!))\""))
    }
}
