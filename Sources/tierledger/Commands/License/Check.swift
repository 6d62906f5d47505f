import ArgumentParser
import Foundation
import Ledger
import Licensing

extension LicenseCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a license certificate offline, as a product does: allowed or denied, and why.",
            discussion: """
                Needs only the certificate and the log's verifier key (no ledger). Checks the checkpoint's signature \
                (and, with --witness, its cosignatures), that the license entry is in the log, its signature, the time \
                (--at, default now), the checkpoint's age (--max-checkpoint-age), the license's status and term (with \
                its grace period), then what you ask: --feature, --quota METRIC=N, --seats N.

                Examples:
                  tierledger license check acme-1.license --vkey "$VKEY"
                  tierledger license check acme-1.license --vkey "$VKEY" --feature sso \\
                      --quota api-calls=120000 --seats 25 --max-checkpoint-age 30d --json

                Exit status: 0 allowed, 1 denied (the reason is printed), 2 usage or input error.
                """)

        @Argument(help: ArgumentHelp("The certificate file.", valueName: "file"), completion: .file()) var file: String
        @Option(name: .long, help: ArgumentHelp("The log's verifier key (`tierledger keys show LOG.pub --vkey --name ORIGIN`).", valueName: "vkey"))
        var vkey: String
        @Option(name: .long, help: ArgumentHelp("A witness's verifier key whose cosignature is required (repeat).", valueName: "vkey"))
        var witness: [String] = []
        @Option(name: .long, help: ArgumentHelp("How many of the witnesses must have cosigned (default: all).", valueName: "n")) var quorum: Int?
        @Option(name: .long, help: ArgumentHelp("A feature the product needs.", valueName: "feature")) var feature: String?
        @Option(name: .long, help: ArgumentHelp("Use to check against a quota, METRIC=N (repeat).", valueName: "metric=n")) var quota: [String] = []
        @Option(name: .long, help: ArgumentHelp("Seats in use.", valueName: "n")) var seats: Int64?
        @Option(name: .long, help: ArgumentHelp("The moment to check at (default: now).", valueName: "time")) var at: String?
        @Option(name: .long, help: ArgumentHelp("The oldest checkpoint accepted, e.g. 30d.", valueName: "days")) var maxCheckpointAge: String?
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read the file", code: .commandLineUnreadable) }
            guard data.count <= 1 << 20 else { throw CLIError("\(file): larger than 1 MiB; not a license certificate") }
            var query = LicenseChecker.Query(feature: feature, seats: seats)
            for item in quota {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let amount = Int64(parts[1]), amount >= 0 else {
                    throw ValidationError("--quota takes METRIC=N with N a whole number, e.g. api-calls=120000, not \(item)")
                }
                query.quotas.append((parts[0], amount))
            }
            var maxDays: Int64?
            if let text = maxCheckpointAge {
                let digits = text.hasSuffix("d") ? String(text.dropLast()) : text
                guard let days = Int64(digits), days >= 0 else { throw ValidationError("--max-checkpoint-age takes days, e.g. 30d, not \(text)") }
                maxDays = days
            }
            let time = try at.map { text -> EntryTime in
                guard let time = Clock.parse(text) else { throw ValidationError("--at \(text) is not a time: give RFC 3339 UTC or a date") }
                return time
            } ?? Clock.now()
            let checker = LicenseChecker(logKey: try VerifierKey(parsing: vkey), witnesses: try witness.map(VerifierKey.init(parsing:)),
                                         quorum: quorum, maxCheckpointAgeDays: maxDays)
            let verdict = checker.check(armoured: String(decoding: data, as: UTF8.self), at: time, query: query)
            if json {
                Console.exact(JSONOutput.line(verdict.json.objectValue ?? [:]))
            } else {
                let subject = verdict.entitlements.map { " \($0.license) (\($0.customer), \($0.tier))" } ?? ""
                Console.out("\(verdict.allowed ? "allowed" : "DENIED"):\(subject): \(verdict.reason.description)")
            }
            if !verdict.allowed { throw ExitStatus.integrityFailure }
        }
    }
}
