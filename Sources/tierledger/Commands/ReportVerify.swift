import ArgumentParser
import Foundation
import Ledger
import LedgerCrypto
import Reports

extension ReportCommand {
    /// `report verify`: a signed report checked against the ledger it attests to.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a signed report: its signature, its attested head against the ledger, and the signer's role there.",
            discussion: """
                Three checks, in order: the detached signature (FILE.sig) verifies over the report's exact bytes with \
                the public key (FILE.pub); the tree size and root in the report's attestation block (read from the \
                report itself, in any of its forms: md, json, csv, html) are a head of this ledger; and at that head \
                the key belongs to a principal, not revoked, holding a role the policy then in force names in \
                report_signers (auditor or compliance by default). The first that fails is named with its code: \
                RPT-003 signature, RPT-004 attested head, RPT-002 signer, RPT-005 no attestation in the file.

                Examples:
                  tierledger report verify q1-audit.html
                  tierledger report verify audit.json --sig audit.json.sig \\
                      --public-key auditor.pem.pub

                Exit status: 0 the report checks out, 1 its signature or attested head does not, 2 the signer may not \
                sign reports, or usage or input error.
                """)
        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The report, as `report … --out` wrote it.", valueName: "file"), completion: .file())
        var file: String
        @Option(name: .long, help: ArgumentHelp("The detached signature (default FILE.sig).", valueName: "file"), completion: .file())
        var sig: String?
        @Option(name: .long, help: ArgumentHelp("The signer's public key, PEM (default FILE.pub).", valueName: "file"), completion: .file())
        var publicKey: String?

        func run() throws {
            let report = try read(file, "the report")
            let signature = try read(sig ?? file + ".sig", "the signature")
            let keyPath = publicKey ?? file + ".pub"
            let key: PublicKey
            do {
                key = try PublicKey(pem: String(decoding: try read(keyPath, "the public key"), as: UTF8.self))
            } catch let error as LedgerCryptoError {
                throw CLIError("\(keyPath) is not a public key in PEM form: \(error.description)")
            }
            let ledger = try location.open()
            let checked = try ReportVerification.check(report: report, signature: signature, key: key, ledger: ledger)
            Console.out("report \(file): signature valid, by key \(checked.keyID.hex) of \(checked.signer.principal) "
                + "(\(checked.signer.role)); attested head: tree size \(checked.head.treeSize), root \(checked.head.rootHash), "
                + "a head of \(ledger.config.origin)")
        }

        private func read(_ path: String, _ what: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("cannot read \(what), \(path): no such file or not readable"
                    + (what == "the report" ? "" : "; name it with --\(what == "the signature" ? "sig" : "public-key")"))
            }
            return Array(data)
        }
    }
}
