import ArgumentParser
import Foundation
import Governance
import Ledger
import LedgerCrypto

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of the ledger (a C2SP signed note); verify or cosign one.",
        discussion: """
            A checkpoint commits to the ledger's size and Merkle root (RFC 9162), signed with the log key. \
            Hand it to auditors and witnesses: any later ledger must prove it extends it. Written to \
            checkpoints/<size>.checkpoint and to stdout.

            The ledger is verified before it is signed, so a checkpoint also vouches that its entries \
            verified: reports can then check the entries below it against its root instead of \
            re-checking their signatures (`report --attest checkpoint`). The verification leans on the \
            largest checkpoint stored before, and checks signatures only from there on; `--full` checks \
            every signature instead.

            The governance state that verification replayed is stored beside it (snapshots/<size>.state) \
            and its SHA-256 signed in the checkpoint (a tierledger-state/1 line), so that later commands \
            start from it instead of entry 0; `verify` checks it against the entries.

            Examples:
              tierledger checkpoint --key admin.pem --out q3.checkpoint
              tierledger checkpoint verify q3.checkpoint --vkey "$VKEY"
              tierledger checkpoint cosign q3.checkpoint --key w1.pem --name example.org/w1

            \(ExitStatusHelp.group)
            """,
        subcommands: [Create.self, VerifyNote.self, Cosign.self],
        defaultSubcommand: Create.self
    )
}

extension CheckpointCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Verify the ledger and sign a checkpoint of it (the default).",
            discussion: """
                Refuses, signing nothing, when an entry fails verification or when the ledger no longer \
                extends the largest stored checkpoint (entries removed or rewritten).

                Use --full to take nothing on an earlier checkpoint's word: after restoring the ledger from \
                a copy, or now and then, so that the chain of checkpoints restarts from one whose every \
                signature was checked.

                Examples:
                  tierledger checkpoint --key admin.pem --out q3.checkpoint
                  tierledger checkpoint create --key admin.pem --full

                Exit status: 0 signed, 1 refused (an entry fails, or the ledger does not extend the last \
                checkpoint), 2 usage or input error.
                """)

        @OptionGroup var location: LedgerOptions
        @OptionGroup var signing: SigningKeyOptions

        @Option(name: .long, help: ArgumentHelp("Also write the note to this file.", valueName: "file"), completion: .file())
        var out: String?

        @Flag(name: .long, help: "Replace --out if it exists.")
        var force = false

        @Flag(name: .long, help: "Check every entry's signature, leaning on no earlier checkpoint.")
        var full = false

        @Flag(name: .long, help: "No progress line on the terminal.")
        var quiet = false

        func run() throws {
            let ledger = try location.open()
            let key = try signing.load()
            let line = ProgressLine(quiet: quiet)
            // A refusal is a `LedgerError.checkpoint`: exit 1, with the entry and the remedy.
            let made = try withExtendedLifetime(line) {
                defer { line.finish() }
                return try ledger.makeCheckpoint(logKey: key, authority: GovernanceState(), checkingEverySignature: full,
                                                 clock: try Clock.now(),
                                                 snapshot: { state, head in GovernanceSnapshot(state: state, head: head).bytes }) { progress in
                    line.update(items: progress.entries, itemName: "entries", done: progress.bytes, total: progress.totalBytes)
                }
            }
            for note in made.report.notes { Console.note("\(note)") }
            if let out { try OutputFile.write(out, contents: Array(made.note.serialized.utf8), force: force) }
            Console.exact(made.note.serialized, terminator: "")
            let from = made.report.signaturesCheckedFrom
            let checkedFrom = from > 0 ? " (signatures checked from entry \(from), after checkpoints/\(from).checkpoint)" : ""
            let written = out.map { " and written to \($0)" } ?? ""
            Console.note("checkpoint of \(made.checkpoint.size) entries stored in \(made.path)\(written)\(checkedFrom)")
        }
    }

    struct VerifyNote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a checkpoint's log signature and its witnesses' cosignatures.",
            discussion: """
                Without --vkey, the log key comes from the ledger (--ledger).

                Examples:
                  tierledger checkpoint verify q3.checkpoint
                  tierledger checkpoint verify q3.checkpoint --vkey "$VKEY" \\
                      --witness "$W1" --witness "$W2" --quorum 1

                Exit status: 0 valid, 1 invalid (a bad signature, too few cosignatures), 2 usage or input error.
                """
        )

        @Argument(help: ArgumentHelp("The checkpoint note.", valueName: "file"), completion: .file())
        var file: String

        @Option(name: .long, help: ArgumentHelp("The log's verifier key (name+id+key); default: the ledger's log key.", valueName: "vkey"))
        var vkey: String?

        @Option(name: .long, help: ArgumentHelp("A witness's cosigner verifier key; repeat for several.", valueName: "vkey"))
        var witness: [String] = []

        @Option(name: .long, help: ArgumentHelp("How many of the witnesses must have cosigned (default: all given).", valueName: "n"))
        var quorum: Int?

        @OptionGroup var location: LedgerOptions

        func validate() throws {
            if let quorum, quorum < 0 || quorum > witness.count {
                throw ValidationError("--quorum must be between 0 and the number of --witness keys (\(witness.count))")
            }
        }

        func run() throws {
            let logKey = try LogKeyChoice.resolve(vkey: vkey, location: location)
            let witnesses = try witness.map { try VerifierKey(parsing: $0) }
            let text = try NoteFile.read(file)
            do {
                let verified = try Checkpoint.verify(note: text, logKey: logKey, witnesses: witnesses, quorum: quorum)
                let cp = verified.checkpoint
                Console.out("valid: \(cp.origin), \(cp.size) entries, root \(cp.root.base64)")
                for cosigner in verified.cosigners {
                    Console.out("  cosigned by \(cosigner.name) at \(EntryTime(milliseconds: Int64(cosigner.timestamp) * 1000)?.rfc3339 ?? String(cosigner.timestamp))")
                }
            } catch let error as LedgerError {
                Console.out("INVALID: \(file): \(error)")
                throw ExitStatus.integrityFailure
            }
        }
    }

    struct Cosign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "As a witness: check a checkpoint against what you cosigned before, and cosign it.",
            discussion: """
                Verifies the log's signature, then checks the checkpoint against the last one this witness \
                cosigned for that origin (kept in --state): a smaller size, a different root at the same size, or \
                growth without a valid consistency proof is refused. The proof comes from --proof, or is computed \
                from the ledger (--ledger). Prints the note with a C2SP tlog-cosignature (cosignature/v1) added.

                Examples:
                  tierledger checkpoint cosign q3.checkpoint --key w1.pem \\
                      --name example.org/w1 --state witness.json
                  tierledger checkpoint cosign q4.checkpoint --key w1.pem \\
                      --name example.org/w1 --proof growth.json --vkey "$VKEY"

                Exit status: 0 cosigned, 1 refused (a bad signature, or history inconsistent with what this \
                witness cosigned before), 2 usage or input error.
                """
        )

        @Argument(help: ArgumentHelp("The checkpoint note.", valueName: "file"), completion: .file())
        var file: String

        @OptionGroup var signing: SigningKeyOptions

        @Option(name: .long, help: ArgumentHelp("The witness's name, e.g. witness.example/w1.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("The witness's state file (default: $TIERLEDGER_WITNESS_STATE, else ./witness-state.json).",
                                                valueName: "file"), completion: .file())
        var state: String?

        @Option(name: .long, help: ArgumentHelp("The log's verifier key; default: the ledger's log key.", valueName: "vkey"))
        var vkey: String?

        @Option(name: .long, help: ArgumentHelp("A consistency proof (JSON) from the last cosigned size to this one.", valueName: "file"),
                completion: .file())
        var proof: String?

        @OptionGroup var location: LedgerOptions

        @Option(name: .long, help: ArgumentHelp("Also write the cosigned note to this file.", valueName: "file"), completion: .file())
        var out: String?

        @Flag(name: .long, help: "Replace --out if it exists.")
        var force = false

        func run() throws {
            let statePath = state ?? ProcessInfo.processInfo.environment["TIERLEDGER_WITNESS_STATE"] ?? "witness-state.json"
            let logKey = try LogKeyChoice.resolve(vkey: vkey, location: location)
            let text = try NoteFile.read(file)
            var witnessState = try WitnessState.load(statePath)
            let key = try signing.load()
            let incoming = try Checkpoint(body: SignedNote(parsing: text).text)
            var consistency: ConsistencyProof? = nil
            if let proof {
                consistency = try ConsistencyProof(json: ProofFile.read(proof))
            } else if let last = witnessState.latest[incoming.origin], last.size > 0, last.size < incoming.size,
                      let ledger = try? location.open() {
                consistency = try ledger.consistencyProof(from: last.size, to: incoming.size)
            }
            let cosigned = try Witness.cosign(note: text, logKey: logKey, witnessKey: key, name: name, state: &witnessState,
                                              proof: consistency, timestamp: UInt64(Date().timeIntervalSince1970))
            try witnessState.save(statePath)
            if let out { try OutputFile.write(out, contents: Array(cosigned.serialized.utf8), force: force) }
            Console.exact(cosigned.serialized, terminator: "")
            let written = out.map { "; cosigned note written to \($0)" } ?? ""
            Console.note("cosigned \(incoming.origin) at size \(incoming.size) as \(name); state in \(statePath)\(written)")
        }
    }
}

/// Which key verifies a log's checkpoints: `--vkey`, else the ledger's recorded log key.
enum LogKeyChoice {
    static func resolve(vkey: String?, location: LedgerOptions) throws -> VerifierKey {
        if let vkey { return try VerifierKey(parsing: vkey) }
        do {
            return try location.open().logVerifierKey
        } catch LedgerError.notALedger {
            throw CLIError("no log key: give --vkey (from `tierledger keys show LOGKEY --vkey --name ORIGIN`) or --ledger DIR")
        }
    }
}

/// Reading notes and proof documents given on the command line.
enum NoteFile {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the file", code: .commandLineUnreadable) }
        guard data.count <= SignedNote.maxBytes else { throw CLIError("\(path): larger than \(SignedNote.maxBytes) bytes; not a checkpoint") }
        return String(decoding: data, as: UTF8.self)
    }
}

enum ProofFile {
    static func read(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the file", code: .commandLineUnreadable) }
        guard data.count <= 64 * 1024 else { throw CLIError("\(path): larger than 64 KiB; not a proof") }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw CLIError("\(path): invalid JSON \(error)")
        }
    }
}
