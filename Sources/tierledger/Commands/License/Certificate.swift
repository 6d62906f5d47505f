import ArgumentParser
import Foundation
import Governance
import GovernanceService
import Ledger
import LedgerCrypto
import Licensing

extension LicenseCommand {
    struct Certificate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a signed license certificate that the vendor's products check offline.",
            discussion: """
                Records a license.certify entry (signed by a licensor: the license's entitlements as the ledger holds them \
                now), then writes the certificate: that entry, the proof that it is in the log, and a signed checkpoint \
                covering it. The checkpoint is the one given with --checkpoint (for example one witnesses cosigned), else \
                one signed now with --log-key, else the largest stored checkpoint that covers the entry. With --serial, \
                no entry is recorded: the certificate of that earlier certification is assembled again (after a newer \
                or cosigned checkpoint, say). docs/licensing.md walks through checking one.

                Examples:
                  tierledger license certificate ACME-1 --key licensor.pem \\
                      --log-key admin.pem --out acme-1.license
                  tierledger license certificate --serial 2190 \\
                      --checkpoint cosigned.txt --out acme-1.license

                \(ExitStatusHelp.writes)
                """)

        @OptionGroup var location: LedgerOptions
        @Argument(help: ArgumentHelp("The license to certify (not with --serial).", valueName: "license")) var license: String?
        @Option(name: .long, help: ArgumentHelp("Reassemble the certificate of this earlier license.certify entry.", valueName: "seq"))
        var serial: Int64?
        @Option(name: .long, help: ArgumentHelp("Days the license stays valid after its term ends (0-\(Certification.maxGraceDays)).", valueName: "days"))
        var graceDays: Int64 = 0
        @Option(name: .long, help: ArgumentHelp("The licensor's private key (to record a new certification).", valueName: "file"),
                completion: .file()) var key: String?
        @Option(name: .long, help: ArgumentHelp("The log key, to sign a checkpoint covering the entry now.", valueName: "file"),
                completion: .file()) var logKey: String?
        @Option(name: .long, help: ArgumentHelp("A signed (perhaps cosigned) checkpoint covering the entry.", valueName: "file"),
                completion: .file()) var checkpoint: String?
        @Option(name: .long, help: ArgumentHelp("A file with the passphrase of the keys.", valueName: "file"), completion: .file())
        var passphraseFile: String?
        @Option(name: .long, help: ArgumentHelp("Where to write the certificate.", valueName: "file"), completion: .file()) var out: String
        @Flag(name: .long, help: "Replace --out if it exists.") var force = false
        @OptionGroup var waiting: WaitOptions

        func validate() throws {
            guard (license == nil) != (serial == nil) else { throw ValidationError("give a LICENSE to certify, or --serial SEQ, not both") }
            if license != nil, key == nil { throw ValidationError("certifying a license needs --key LICENSOR.pem") }
            if logKey != nil, checkpoint != nil { throw ValidationError("give --log-key or --checkpoint, not both") }
        }

        func run() throws {
            let service = try location.service()
            var seq = serial ?? 0
            if let license, let key {
                let signer = try SigningKeyOptions.load(key, passphraseFile: passphraseFile)
                let now = try Clock.now()
                let recorded = try service.certify(license, graceDays: graceDays,
                                                   GovernanceService.Signing(key: signer, time: now, future: Clock.future, wait: waiting.lockWait))
                if let tail = recorded.recoveredTail { Console.note("\(Describe.recovered(tail))") }
                Clock.noteIfRaised(requested: now, stored: recorded.entries)
                guard let entry = recorded.entry else { throw CLIError("nothing was written", code: .serviceNothingWritten) }
                seq = entry.entry.seq
                Console.note("recorded \(Certification.type) of \(license) in entry \(seq) (the certificate's serial)")
            }
            var note = try checkpoint.map(NoteFile.read)
            if let logKey {
                let made = try service.store.makeCheckpoint(logKey: try SigningKeyOptions.load(logKey, passphraseFile: passphraseFile),
                                                            authority: GovernanceState(), clock: try Clock.now())
                note = made.note.serialized
                Console.note("signed a checkpoint of \(made.checkpoint.size) entries, stored in \(made.path)")
            }
            let certificate = try service.certificate(serial: seq, checkpoint: note)
            let licenseID = try EntryDecoder.decode(certificate.entryLine).body["license"]?.stringValue ?? "?"
            let text = certificate.armoured(explanation: [
                "tierledger license certificate: \(licenseID), serial \(seq), log \(service.store.config.origin).",
                "Check it: tierledger license check FILE --vkey LOG-VKEY (docs/licensing.md).",
            ])
            try OutputSet.write([OutputSet.File(path: out, contents: Array(text.utf8))], force: force)
            Console.out("wrote the certificate of \(licenseID) (serial \(seq), checkpoint of \(certificate.treeSize) entries) to \(out)")
        }
    }
}
