import ArgumentParser
import Foundation
import Governance
import Ledger
import LedgerCrypto
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Change logs, audit summaries and health findings from the ledger, as Markdown, JSON, CSV or HTML.",
        discussion: """
            Every report verifies the ledger, in the same pass that gathers its figures, and ends with an \
            attestation block: origin, tree size, Merkle root, the verify result and the latest stored checkpoint \
            with its status. By default every signature is checked again (--attest full). With --attest checkpoint \
            the entries below the latest stored checkpoint signed by the log key must reproduce its root and pass \
            every check but their signatures, which the checkpoint vouches for; only the entries since are \
            signature-checked, so a large ledger reports in seconds. The attestation says which was done. \
            Entries are cited by sequence number. --sign writes a detached signature of the output (FILE.sig) that openssl verifies, \
            and FILE.pub; the key must be the current key of a principal holding a role the policy's report_signers names \
            (auditor or compliance by default) at the report's head. `report verify FILE` checks all of that against the ledger; \
            docs/report-schema.md describes the JSON and shows the openssl commands. Markdown printed on standard output shows \
            control and bidi characters from the ledger as \\u{…} escapes; json, csv and html are printed exactly as --out writes them.

            Examples:
              tierledger report audit --from 2026-01-01 --to 2026-03-31 --format html \\
                  --out q1-audit.html --sign compliance.pem
              tierledger report verify q1-audit.html
              tierledger report audit --attest checkpoint --format json --out audit.json
              tierledger report changelog --customer acme --format csv \\
                  --out acme-changes.csv
              tierledger report health --format md

            \(ReportCommand.exitStatus)
            """,
        subcommands: [Changelog.self, Audit.self, Health.self, Verify.self]
    )

    static let exitStatus = "Exit status: 0 written, 1 the ledger did not verify (the report is still written, and says so in "
        + "its attestation) or cannot be read, 2 usage or input error (nothing is written then)."

    struct Options: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Start of the period: a sequence number, a date (2026-01-01) or a time.", valueName: "date|seq"))
        var from: String?
        @Option(name: .long, help: ArgumentHelp("End of the period, inclusive (a date means its end).", valueName: "date|seq"))
        var to: String?
        @Option(name: .long, help: ArgumentHelp("Only this customer's licenses.", valueName: "customer")) var customer: String?
        @Option(name: .long, help: ArgumentHelp("Only licenses of this tier.", valueName: "tier")) var tier: String?
        @Option(name: .long, help: ArgumentHelp("md (default), json, csv or html.", valueName: "format")) var format = "md"
        @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: .file())
        var out: String?
        @Flag(name: .long, help: "Replace an existing --out file (never a symbolic link).") var force = false
        @Option(name: .long, help: ArgumentHelp("Sign the output with this private key; writes FILE.sig beside --out.", valueName: "keyfile"),
                completion: .file())
        var sign: String?
        @Option(name: .long, help: ArgumentHelp("Passphrase file for --sign's key.", valueName: "file"), completion: .file())
        var passphraseFile: String?
        @Flag(name: .long, help: "No progress on the terminal.") var quiet = false
        @Option(name: .long, help: ArgumentHelp("What the attestation's verification rests on: full (every signature, the default) "
                                                + "or checkpoint (the latest stored checkpoint, and every entry after it in full).",
                                                valueName: "full|checkpoint"))
        var attest = "full"

        func validate() throws {
            guard Report.formats.contains(format) else { throw ValidationError("--format must be one of " + Report.formats.joined(separator: ", ")) }
            if sign != nil && out == nil { throw ValidationError("--sign needs --out: the signature is written beside the report, as FILE.sig") }
            if let from, ReportScope.bound(from, isEnd: false) == nil { throw ValidationError("--from \(from): give a sequence number, a date (2026-01-01) or a time") }
            if Attestation.Basis(rawValue: attest) == nil { throw ValidationError("--attest must be full or checkpoint") }
            if let to, ReportScope.bound(to, isEnd: true) == nil { throw ValidationError("--to \(to): give a sequence number, a date (2026-03-31) or a time") }
        }

        var scope: ReportScope {
            ReportScope(from: from.flatMap { ReportScope.bound($0, isEnd: false) }, to: to.flatMap { ReportScope.bound($0, isEnd: true) },
                        customer: customer, tier: tier)
        }

        func run(_ kind: ReportKind, _ location: LedgerOptions) throws {
            let key = try sign.map { try SigningKeyOptions.load($0, passphraseFile: passphraseFile) }
            let ledger = try location.open()
            let line = ProgressLine(quiet: quiet)
            let report: Report
            do {
                report = try Report.make(kind, ledger: ledger, scope: scope, attest: Attestation.Basis(rawValue: attest) ?? .full) { progress in
                    line.update(items: progress.entries, itemName: "entries verified", done: progress.bytes, total: progress.totalBytes)
                }
            } catch let error as ReportError {
                line.finish()
                throw CLIError(error.description, keeping: error)
            }
            line.finish()
            // Only a principal holding a report-signing role at the attested head signs a report.
            let authority = try key.map { try report.signer($0.publicKey, ledger: ledger) }
            guard let text = report.rendered(format) else { throw CLIError("unknown format \(format)") }
            let bytes = Array(text.utf8)
            guard let out else {
                // Markdown is for people: sanitised for the terminal. JSON, CSV and HTML go out exact, as --out writes them.
                if format == "md" { Console.document(text) } else { Console.exact(text, terminator: "") }
                return
            }
            // The report, its signature and the key that checks it: all written, or none.
            var files = [OutputSet.File(path: out, contents: bytes)]
            if let key {
                files.append(OutputSet.File(path: out + ".sig", contents: try key.signature(for: bytes)))
                files.append(OutputSet.File(path: out + ".pub", contents: Array(try key.publicKey.pem().utf8)))
            }
            try OutputSet.write(files, force: force)
            var wrote = "wrote \(kind.rawValue) report to \(out) (\(Count.text(Int64(bytes.count))) bytes)"
            if let key, let authority {
                wrote += "; signature \(out).sig by key \(key.publicKey.id.hex) of \(authority.principal) (\(authority.role))"
                Console.out("\(wrote)")
                Console.note("check it against the ledger: tierledger report verify \(out)")
                Console.note("check it: " + (key.publicKey.algorithm == .ed25519
                    ? "openssl pkeyutl -verify -pubin -inkey \(out).pub -rawin -in \(out) -sigfile \(out).sig"
                    : "openssl dgst -sha256 -verify \(out).pub -signature \(out).sig \(out)"))
            } else {
                Console.out("\(wrote)")
            }
            if !report.document.attestation.intact {
                Console.error(.ledgerVerification, "the ledger did not verify: \(report.document.attestation.failure ?? ""); the report says so in its attestation")
                throw ExitStatus.integrityFailure
            }
        }
    }
}

extension ReportCommand {
    struct Changelog: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each applied change: before and after, price difference, proposer, approvers, rule, policy, entry.",
            discussion: """
                Examples:
                  tierledger report changelog --from 2026-01-01 --to 2026-03-31
                  tierledger report changelog --customer acme --format csv \\
                      --out acme-changes.csv
                  tierledger report changelog --format json --out log.json --sign officer.pem

                \(ReportCommand.exitStatus)
                """)
        @OptionGroup var location: LedgerOptions
        @OptionGroup var options: ReportCommand.Options
        func run() throws { try options.run(.changelog, location) }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Totals, approval latency, requests not applied, escalations, emergencies, principal events, policies, checks, integrity.",
            discussion: """
                Examples:
                  tierledger report audit --from 2026-01-01 --to 2026-03-31 --format html \\
                      --out q1-audit.html --sign compliance.pem
                  tierledger report audit --attest checkpoint --format json --out audit.json

                \(ReportCommand.exitStatus)
                """)
        @OptionGroup var location: LedgerOptions
        @OptionGroup var options: ReportCommand.Options
        func run() throws { try options.run(.audit, location) }
    }

    struct Health: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Findings as of the period's end: underuse, overages, renewals due, stale requests, SLA misses, idle keys.",
            discussion: """
                Thresholds are in the policy's health: block (docs/policy-reference.md). SLA misses come from \
                the calculation `sla attainment` makes, over the twelve months up to the period's end.

                Examples:
                  tierledger report health
                  tierledger report health --tier enterprise --format html --out health.html
                  tierledger report health --to 2026-06-30 --format json

                \(ReportCommand.exitStatus)
                """)
        @OptionGroup var location: LedgerOptions
        @OptionGroup var options: ReportCommand.Options
        func run() throws { try options.run(.health, location) }
    }
}
