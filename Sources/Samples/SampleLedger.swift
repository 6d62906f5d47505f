import Foundation
import Governance
import Ledger
import LedgerCrypto

/// Builds a realistic year of a license book, deterministically: the same seed and policies give
/// the same bytes. Customers across the four tiers are issued, upgraded, downgraded, resized,
/// renewed, transferred, suspended and terminated through the approval rules (with rejections,
/// withdrawals, expiries and escalations), usage is recorded monthly, incidents and tickets are
/// logged, one emergency change is made and reviewed, a key is rotated and a principal revoked,
/// two trials are started (one converted to a paid license, one left to expire), and a checkpoint is
/// signed at the end of each quarter. Changes whose rule forbids the proposer to apply them are
/// applied by another operator.
///
/// Every key is derived from the seed and a name: these are DEMO keys, published with the sample,
/// and must never sign anything real.
public struct SampleLedger {
    public let seed: UInt64
    public let policy: PolicySet
    /// Customers to onboard over the year.
    public var customers = 120

    public init(seed: UInt64, policy: PolicySet) {
        self.seed = seed
        self.policy = policy
    }

    public static let origin = "demo.tierledger.example/acme"
    public static let principals: [(name: String, roles: [String])] = [
        ("ops", ["operator", "proposer"]), ("sales", ["proposer"]), ("deal", ["approver:deal-desk"]),
        ("fin-a", ["approver:finance"]), ("fin-b", ["approver:finance"]), ("legal", ["approver:legal"]),
        ("sec", ["approver:security"]), ("telemetry", ["telemetry"]), ("auditor", ["auditor"]),
    ]

    /// The demo key of `name` (and `name-2` after a rotation): SHA-256 of the seed and the name.
    public func key(_ name: String) throws -> PrivateKey {
        try PrivateKey.ed25519(seed: SHA256.hash(Array("tierledger DEMO key, never for real use/\(seed)/\(name)".utf8)))
    }

    /// Writes the ledger through `store` (a new ledger) and the demo keys to `directory/keys`; returns
    /// the entry count.
    @discardableResult
    public func generate(into directory: String, store: any LedgerStoreFactory, progress: (Int64) -> Void = { _ in }) throws -> Int64 {
        var world = try World(sample: self, directory: directory, store: store)
        try world.run(progress: progress)
        return world.state.lastSeq + 1
    }
}

/// The generator's running state: the ledger, its replayed state, the clock and the random source.
struct World {
    let sample: SampleLedger
    let ledger: any LedgerStore
    var state = GovernanceState()
    var rng: SplitMix64
    var clock: Int64
    var keys: [String: PrivateKey] = [:]
    var nextLicense = 1
    var pendingToExpire: Set<Int64> = []

    let minute: Int64 = 60_000
    let hour: Int64 = 3_600_000
    let day: Int64 = 86_400_000
    static let start: Int64 = 1_767_225_600_000   // 2026-01-01T00:00:00Z

    init(sample: SampleLedger, directory: String, store: any LedgerStoreFactory) throws {
        self.sample = sample
        rng = SplitMix64(seed: sample.seed)
        clock = World.start + 8 * 3_600_000
        let fm = FileManager.default
        guard !fm.fileExists(atPath: store.location) else {
            throw LedgerError.invalidInput("\(store.location) already exists; choose an empty --out directory")
        }
        try fm.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true)
        let admin = try sample.key("admin")
        keys["admin"] = admin
        for (name, _) in SampleLedger.principals { keys[name] = try sample.key(name) }
        keys["ops-2"] = try sample.key("ops-2")
        for (name, key) in keys.sorted(by: { $0.key < $1.key }) {
            let base = directory + "/keys/DEMO-ONLY-\(name)"
            try OutputFile.replaceAtomically(base + ".pem", contents: Array(try key.pem().utf8), mode: 0o600)
            try OutputFile.replaceAtomically(base + ".pem.pub", contents: Array(try key.publicKey.pem().utf8))
        }
        ledger = try store.create(origin: SampleLedger.origin, admin: admin, adminName: "admin", logKey: admin.publicKey,
                                  time: World.time(clock), future: .allowed).store
        state = try GovernanceReplay.state(of: ledger)
    }

    static func time(_ ms: Int64) -> EntryTime { EntryTime(milliseconds: ms) ?? EntryTime.now() }
    var now: EntryTime { World.time(clock) }

    mutating func tick(_ minutes: ClosedRange<Int64>) { clock += draw(minutes) * minute }

    /// Uniform draws from the seeded source, by plain modular arithmetic (stable across platforms).
    mutating func draw(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(rng.next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func draw(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    mutating func draw(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    /// Appends one entry signed by `name`'s current key, checked by the same rules as every writer.
    @discardableResult
    mutating func write(_ type: String, _ body: JSONValue, by name: String) throws -> StoredEntry {
        guard let key = keys[name] else { throw LedgerError.invalidInput("no demo key \(name)") }
        var next = state
        let written = try ledger.withWriter(.noWait) { writer in
            // The sample's year runs on its own calendar, which may lie ahead of this machine's clock.
            try writer.append([EntryDraft(type: type, body: body)], signedBy: key, at: now, future: .allowed) { entry in
                _ = try next.signingKey(for: entry)
                try next.admit(entry)
            }
        }
        state = next
        guard let stored = written.first else { throw LedgerError.invalidInput("nothing was written") }
        return stored
    }

    // MARK: The year

    mutating func run(progress: (Int64) -> Void) throws {
        let policy = sample.policy
        for (name, roles) in SampleLedger.principals {
            guard let key = keys[name] else { continue }
            tick(5...20)
            try write(GovernanceEntryType.enroll, PrincipalBodies.enroll(name: name, roles: Set(roles.compactMap(Role.init)), key: key.publicKey), by: "admin")
        }
        tick(30...60)
        try write(PolicyAdoption.type, PolicyAdoption.body(policy), by: "admin")

        for month in 0..<12 {
            let monthStart = EntryTime(milliseconds: World.start)?.addingMonths(Int64(month))?.milliseconds ?? clock
            clock = max(clock, monthStart + 8 * hour)
            // New business: front-loaded, so the book has history.
            let arrivals = month < 10 ? sample.customers / 10 : 0
            for _ in 0..<arrivals { try onboard() }
            // Changes to the book.
            let book = state.licenses.values.filter { $0.status(at: now) == .active }.sorted { $0.id < $1.id }
            for license in book where draw(0..<3) == 0 { try changeSomething(license) }
            try renewals(month: month)
            try reinstateSuspended()
            if month == 4 { try rotateAndRevoke() }
            if month == 7 { try emergency() }
            if month == 1 || month == 10 { try trial(convert: month == 1) }
            if month == 5 { try announceMaintenance() }
            try incidentsAndTickets(month: month)
            if month == 6 { try maintenanceOverran() }
            if month == 7 { try issueCredits(forMonthStarting: EntryTime(milliseconds: monthStart)?.addingMonths(-1)) }
            // Usage for the month, recorded on its last day.
            let monthEnd = EntryTime(milliseconds: monthStart)?.addingMonths(1)?.milliseconds ?? clock
            clock = max(clock, monthEnd - 2 * hour)
            try recordUsage(monthStart: monthStart, monthEnd: monthEnd)
            if month % 3 == 2 {
                _ = try ledger.makeCheckpoint(logKey: keys["admin"] ?? sample.key("admin"), authority: GovernanceState())
            }
            progress(state.lastSeq)
        }
    }

    /// The proposer, the approvers each step needs (escalating now and then), the apply.
    mutating func onboard() throws {
        let tiers = sample.policy.catalog.tiers.sorted { $0.rank < $1.rank }
        let weights = [30, 35, 25, 10]
        var pick = draw(0..<100)
        var index = 0
        while index < weights.count - 1 && pick >= weights[index] { pick -= weights[index]; index += 1 }
        let tier = tiers[min(index, tiers.count - 1)]
        let high = min(tier.price.maxSeats, tier.price.minSeats * 4 + 10)
        let seats = draw(tier.price.minSeats...max(tier.price.minSeats, high))
        let id = String(format: "ACME-%04d", nextLicense)
        nextLicense += 1
        var params: JSONValue = ["customer": .string(World.customerNames[(nextLicense - 2) % World.customerNames.count] + (nextLicense > World.customerNames.count + 1 ? "-\(nextLicense)" : "")),
                                 "tier": .string(tier.id), "seats": .integer(seats), "term_months": .integer(draw(0..<5) == 0 ? 24 : 12)]
        if draw(0..<8) == 0 { params = params.setting("discount_bp", .integer(2_500)) }
        try process(.issue, id, params)
    }

    mutating func changeSomething(_ license: License) throws {
        let catalog = sample.policy.catalog
        let ranked = catalog.tiers.sorted { $0.rank < $1.rank }
        guard let rank = ranked.firstIndex(where: { $0.id == license.tier }) else { return }
        let fits = { (t: TierCatalog.Tier) in t.price.minSeats <= license.seats && license.seats <= t.price.maxSeats }
        switch draw(0..<10) {
        case 0, 1:
            if rank + 1 < ranked.count, fits(ranked[rank + 1]) { try process(.upgrade, license.id, ["to_tier": .string(ranked[rank + 1].id)]) }
        case 2:
            if rank > 0, fits(ranked[rank - 1]) {
                try process(.downgrade, license.id, ["to_tier": .string(ranked[rank - 1].id), "remediation": "customer told of the lower quotas"])
            }
        case 3, 4:
            guard let tier = catalog.tier(license.tier) else { return }
            let seats = min(tier.price.maxSeats, max(tier.price.minSeats, license.seats + draw(-5...15)))
            if seats != license.seats {
                try process(.seats, license.id, seats < license.seats ? ["seats": .integer(seats), "remediation": "seats freed by the customer"] : ["seats": .integer(seats)])
            }
        case 5:
            if let addon = catalog.addons.first(where: { $0.availableFor.contains(license.tier) && !license.addons.contains($0.id) }) {
                try process(.addonAdd, license.id, ["addon": .string(addon.id)])
            }
        case 6:
            // Acquired: by a holding company the first time, by a group after that.
            let buyer = license.customer.hasSuffix("-holdings") || license.customer.hasSuffix("-group")
                ? World.customerNames[draw(0..<World.customerNames.count)] + "-group" : license.customer + "-holdings"
            try process(.transfer, license.id, ["to_customer": .string(buyer)], reason: "acquired by \(buyer)")
        case 7:
            try process(.suspend, license.id, [:], reason: "invoice 60 days overdue")
        case 8 where draw(0..<6) == 0:
            try process(.terminate, license.id, [:], reason: "customer left")
        default:
            break
        }
    }

    mutating func renewals(month: Int) throws {
        for license in state.licenses.values.sorted(by: { $0.id < $1.id }) where license.status(at: now) == .active {
            let left = license.termEnd.milliseconds - clock
            guard left > 0, left < 45 * day, draw(0..<3) > 0,
                  !state.requests.values.contains(where: { $0.license == license.id && $0.kind == .renew && $0.status(at: now) == .pending })
            else { continue }
            try process(.renew, license.id, ["term_months": 12])
        }
    }

    mutating func reinstateSuspended() throws {
        for license in state.licenses.values.sorted(by: { $0.id < $1.id }) where license.status == .suspended && draw(0..<2) == 0 {
            try process(.reinstate, license.id, [:], reason: "paid in full")
        }
    }

    /// Proposes, then decides: mostly approved and applied; sometimes rejected, withdrawn, left to
    /// expire, or approved by escalation after the deal desk's delay.
    /// `decided`: approved and applied, whatever the draw says.
    mutating func process(_ kind: ChangeKind, _ license: String, _ params: JSONValue, reason: String = "customer request",
                          decided: Bool = false) throws {
        tick(20...240)
        let proposer = keys["sales"] != nil && draw(0..<2) == 0 ? "sales" : "ops"
        let body: JSONValue
        do {
            body = try Workflow.proposal(kind: kind, license: license, params: params, reason: reason, under: sample.policy, state: state, at: now)
        } catch {
            return   // a change the lifecycle rules refuse is not proposed
        }
        let seq = try write(Workflow.propose, body, by: proposer).entry.seq
        let fate = decided ? 3 + draw(0..<37) : draw(0..<40)
        guard var request = state.requests[seq] else { return }
        if fate == 0 {
            pendingToExpire.insert(seq)   // nobody acts; it expires
            return
        }
        if fate == 1 {
            tick(30...600)
            try write(Workflow.withdraw, Workflow.withdrawal(request: seq, reason: "superseded by a new quote", policy: sample.policy.hash), by: proposer)
            return
        }
        let escalate = fate < 5 && request.rule.steps.first?.escalation != nil
        var used: Set<String> = []
        for (index, step) in request.rule.steps.enumerated() {
            for _ in 0..<step.count {
                if escalate, index == 0, let escalation = step.escalation {
                    clock += (escalation.afterHours + draw(1...6)) * hour
                } else {
                    tick(30...1_800)
                }
                let holders = eligible(step.role, excluding: used.union([proposer]))
                let role = escalate && index == 0 ? step.escalation?.role ?? step.role : step.role
                let candidates = escalate && index == 0 ? eligible(role, excluding: used.union([proposer])) : holders
                guard let approver = candidates.first else { return }
                if fate == 2 && index == request.rule.steps.count - 1 {
                    let why = request.quote != nil ? "price not agreed" : "not supported by the account history"
                    try write(Workflow.reject, Workflow.rejection(request: seq, proposal: request.proposalHash, reason: why,
                                                                  policy: sample.policy.hash), by: approver)
                    return
                }
                try write(Workflow.approve, Workflow.approval(request: seq, proposal: request.proposalHash, step: index, policy: sample.policy.hash,
                                                              comment: escalate && index == 0 ? "deal desk away; escalated" : nil), by: approver)
                used.insert(approver)
                request = state.requests[seq] ?? request
            }
        }
        tick(10...240)
        // Separation of duties: where the rule forbids it, the proposer does not apply the change.
        let applier = request.applyRefusal(by: "ops") == nil ? "ops" : "admin"
        try write(Workflow.apply, Workflow.application(request: seq, proposal: request.proposalHash, policy: sample.policy.hash), by: applier)
    }

    /// A free trial of Team for a new customer, ending in three weeks and converted to a paid year
    /// a week before it ends (`convert`), or ending in ten days and left to run out.
    mutating func trial(convert: Bool) throws {
        guard let limits = sample.policy.catalog.tier("team")?.trial else { return }
        let id = String(format: "ACME-%04d", nextLicense)
        nextLicense += 1
        let customer = convert ? "sable-robotics" : "tamarind-studio"
        let last = String(World.time(clock + min(convert ? 21 : 10, limits.maxDays - 1) * day).rfc3339.prefix(10))
        try process(.trial, id, ["customer": .string(customer), "tier": "team", "seats": .integer(min(5, limits.maxSeats)), "ends": .string(last)],
                    reason: "evaluating before buying", decided: true)
        guard convert, state.licenses[id] != nil else { return }
        clock += 14 * day
        try process(.convert, id, ["term_months": 12, "seats": 12], reason: "trial went well: a year of Team", decided: true)
    }

    func eligible(_ role: Role, excluding: Set<String>) -> [String] {
        state.principals.values.filter { $0.isActive && $0.roles.contains(role) && !excluding.contains($0.name) && keys[$0.name] != nil }
            .map(\.name).sorted()
    }

    mutating func rotateAndRevoke() throws {
        tick(60...600)
        guard let next = keys["ops-2"] else { return }
        try write(GovernanceEntryType.rotateKey, PrincipalBodies.rotateKey(name: "ops", key: next.publicKey, policy: sample.policy.hash), by: "ops")
        keys["ops"] = next
        tick(60...600)
        try write(GovernanceEntryType.revoke, PrincipalBodies.revoke(name: "sales", reason: "left the company", policy: sample.policy.hash), by: "admin")
        keys["sales"] = nil
    }

    mutating func emergency() throws {
        guard let license = state.licenses.values.filter({ $0.status(at: now) == .active }).sorted(by: { $0.id < $1.id }).last else { return }
        tick(60...300)
        let seq = try write(Workflow.emergency, Workflow.emergencyChange(kind: .suspend, license: license.id, params: [:],
                                                                         reason: "credential stuffing from the tenant", policy: sample.policy.hash),
                            by: "admin").entry.seq
        tick(120...600)
        try write(Workflow.review, Workflow.reviewal(request: seq, policy: sample.policy.hash, comment: "confirmed with the customer's security team"), by: "sec")
        tick(600...1_800)
        try process(.reinstate, license.id, [:], reason: "tenant secured")
    }

    mutating func incidentsAndTickets(month: Int) throws {
        let monthStart = EntryTime(milliseconds: World.start)?.addingMonths(Int64(month))?.milliseconds ?? clock
        // One incident a month: mostly short degradations, sometimes an outage of a tier.
        let tiers = sample.policy.catalog.tiers.map(\.id).sorted()
        let start = monthStart + draw(1...20) * day + draw(0...23) * hour
        let outage = draw(0..<4) == 0
        let end = start + draw(outage ? 10...150 : 60...600) * minute
        clock = max(clock, end + hour)
        let tier = tiers[draw(0..<tiers.count)]
        try write(SLAEntry.incident, SLAEntry.incidentBody(start: World.time(start), end: World.time(end), severity: outage ? .sev1 : .sev2,
                                                           customers: [], tiers: [tier], summary: outage ? "API unavailable in one region" : "elevated latency"),
                  by: "ops")
        // Tickets from a handful of licenses.
        let active = state.licenses.values.filter { $0.status(at: now) == .active }.sorted { $0.id < $1.id }
        for license in active where draw(0..<3) > 0 {
            let sev = Severity.allCases[Int(draw(1...4)) - 1]
            guard let sla = sample.policy.catalog.tier(license.tier)?.sla else { continue }
            let opened = clock - draw(48...200) * hour
            let target = (sla.firstResponseMinutes[sev] ?? 60) * minute
            let response = opened + target * draw(20...130) / 100
            let resolved = response + (sla.resolutionHours[sev] ?? 24) * hour * draw(10...90) / 100
            guard resolved < clock, opened > license.termStart.milliseconds else { continue }
            tick(5...60)
            try write(SLAEntry.ticket, SLAEntry.ticketBody(license: license.id, priority: sev, opened: World.time(opened),
                                                           firstResponse: World.time(response), resolved: World.time(resolved)), by: "ops")
        }
    }

    /// A maintenance window for the team tier, announced a week ahead (no draws: the year's other
    /// figures stay as they were).
    mutating func announceMaintenance() throws {
        clock += hour
        let start = clock + 7 * day
        try write(SLAEntry.maintenance, SLAEntry.maintenanceBody(start: World.time(start), end: World.time(start + 4 * hour), customers: [],
                                                                 tiers: ["team"], summary: "database upgrade"), by: "ops")
    }

    /// The team tier's outage during the announced window, which ran four hours past it: the four
    /// hours inside are excused, the four after count (and earn a credit).
    mutating func maintenanceOverran() throws {
        guard let window = state.slaMaintenance.last else { return }
        clock = max(clock, window.end.milliseconds + 5 * hour)
        try write(SLAEntry.incident, SLAEntry.incidentBody(start: window.start, end: World.time(window.end.milliseconds + 4 * hour), severity: .sev1,
                                                           customers: [], tiers: ["team"], summary: "database upgrade overran its window"), by: "ops")
    }

    /// Issues the SLA credits owed for the month that starts at `start`, in full.
    mutating func issueCredits(forMonthStarting start: EntryTime?) throws {
        guard let start, let sla = try? SLAMonth(String(start.rfc3339.prefix(7)), state: state) else { return }
        for owed in sla.missesAndCredits() where owed.creditOutstanding > 0 {
            clock += minute
            try write(SLAEntry.credit, SLAEntry.creditBody(license: owed.license, month: owed.month, amount: owed.creditOutstanding,
                                                           currency: owed.currency), by: "ops")
        }
    }

    mutating func recordUsage(monthStart: Int64, monthEnd: Int64) throws {
        let first = String(World.time(monthStart).rfc3339.prefix(10))
        let last = String(World.time(monthEnd - day).rfc3339.prefix(10))
        for license in state.licenses.values.sorted(by: { $0.id < $1.id }) where license.status(at: now) == .active {
            let limits = LicenseChange.quotaLimits(sample.policy.catalog, license)
            // Most customers use most of what they bought; a few barely use it, a few outgrow it.
            let profile = draw(0..<10)
            let share: Int64 = profile == 0 ? draw(5...30) : profile == 9 ? draw(92...115)
                : draw(45...88)
            var records: [JSONValue] = []
            func record(_ metric: String, _ value: Int64) {
                records.append(["license": .string(license.id), "metric": .string(metric), "period_start": .string(first),
                                "period_end": .string(last), "value": .integer(max(0, value))])
            }
            record("active-seats", max(1, license.seats * min(share, 100) / 100))
            for metric in ["api-calls", "storage-gb"] { if let limit = limits[metric] { record(metric, limit * share / 100) } }
            tick(1...3)
            try write(UsageEntry.type, ["records": .array(records)], by: "telemetry")
        }
    }

    static let customerNames = [
        "aurora-labs", "birchwood", "cobalt-systems", "delta-freight", "ember-health", "fjord-analytics", "granite-bank", "harbor-retail",
        "iris-media", "juniper-energy", "kestrel-air", "lumen-edu", "meridian-law", "nimbus-cloud", "orchid-pharma", "pioneer-mfg",
        "quartz-insure", "redwood-gov", "sierra-telecom", "tidal-logistics", "umber-foods", "vertex-auto", "willow-care", "xenon-chem",
        "yarrow-agri", "zephyr-travel",
    ]
}

extension JSONValue {
    /// This object with `name` set to `value`.
    func setting(_ name: String, _ value: JSONValue) -> JSONValue {
        guard case var .object(members) = self else { return self }
        members[name] = value
        return .object(members)
    }
}

/// A small, seedable, portable random source (SplitMix64): the sample's bytes depend only on the seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
