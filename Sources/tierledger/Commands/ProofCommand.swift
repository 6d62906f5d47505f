import ArgumentParser
import Foundation
import Ledger
import LedgerCrypto

struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Inclusion and consistency proofs (RFC 9162), and their offline verification.",
        discussion: """
            Examples:
              tierledger proof inclusion 10 --size 13 --json > inclusion.json
              tierledger proof consistency 13 --json > growth.json
              tierledger proof verify inclusion.json --entry entry-10.jsonl \\
                  --checkpoint q3.checkpoint --vkey "$VKEY"

            \(ExitStatusHelp.group)
            """,
        subcommands: [Inclusion.self, Consistency.self, VerifyProof.self]
    )
}

extension ProofCommand {
    static let rebuiltNote = "note: the Merkle node cache did not match the entries; it was rebuilt before the proof was made"

    struct Inclusion: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that entry SEQ is in the tree of N entries.",
            discussion: """
                Examples:
                  tierledger proof inclusion 42 --size 1000 --json > proof-42.json
                  tierledger proof inclusion 42

                \(ExitStatusHelp.reads)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("The entry's sequence number.", valueName: "seq"))
        var seq: Int64

        @Option(name: .long, help: ArgumentHelp("Tree size (default: the whole ledger), e.g. a checkpoint's size.", valueName: "n"))
        var size: Int?

        @Flag(name: .long, help: "Print the proof document (JSON).")
        var json = false

        func run() throws {
            let (proof, rebuilt) = try location.open().checkedInclusionProof(seq: seq, size: size)
            if rebuilt { Console.note("\(ProofCommand.rebuiltNote)") }
            if json {
                Console.exact(String(decoding: CanonicalJSON.encode(proof.json), as: UTF8.self))
            } else {
                Console.out("entry \(proof.leafIndex) in the tree of \(proof.treeSize) entries (\(proof.origin))")
                Console.out("root:      \(proof.rootHash.base64)")
                Console.out("leaf hash: \(proof.leafHash.base64)")
                for (i, hash) in proof.hashes.enumerated() { Console.out("hash \(i):    \(hash.base64)") }
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that the tree of NEW_SIZE entries extends the tree of OLD_SIZE.",
            discussion: """
                Without NEW_SIZE, the ledger's size now.

                Examples:
                  tierledger proof consistency 1000 2500 --json > consistency.json
                  tierledger proof consistency 1000

                \(ExitStatusHelp.reads)
                """
        )

        @OptionGroup var location: LedgerOptions

        @Argument(help: ArgumentHelp("The earlier size, e.g. a checkpoint an auditor holds.", valueName: "old-size"))
        var oldSize: Int

        @Argument(help: ArgumentHelp("The later size (default: the whole ledger).", valueName: "new-size"))
        var newSize: Int?

        @Flag(name: .long, help: "Print the proof document (JSON).")
        var json = false

        func run() throws {
            let (proof, rebuilt) = try location.open().checkedConsistencyProof(from: oldSize, to: newSize)
            if rebuilt { Console.note("\(ProofCommand.rebuiltNote)") }
            if json {
                Console.exact(String(decoding: CanonicalJSON.encode(proof.json), as: UTF8.self))
            } else {
                Console.out("tree of \(proof.secondSize) entries extends tree of \(proof.firstSize) (\(proof.origin))")
                Console.out("first root:  \(proof.firstRoot.base64)")
                Console.out("second root: \(proof.secondRoot.base64)")
                for (i, hash) in proof.hashes.enumerated() { Console.out("hash \(i):      \(hash.base64)") }
            }
        }
    }

    struct VerifyProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify a proof document without the ledger.",
            discussion: """
                With --checkpoint, the proof must also match a signed checkpoint (size and root), whose signature \
                is checked with --vkey (or the ledger's log key). Without one, the proof is only checked against \
                the root it states. With --entry, the entry's line must be the proven leaf.

                Examples:
                  tierledger proof verify inclusion.json --entry entry-10.jsonl \\
                      --checkpoint q3.checkpoint --vkey "$VKEY"
                  tierledger proof verify growth.json --checkpoint q4.checkpoint

                Exit status: 0 valid, 1 invalid, 2 usage or input error.
                """
        )

        @Argument(help: ArgumentHelp("The proof document (JSON).", valueName: "proof.json"), completion: .file())
        var proofFile: String

        @Option(name: .long, help: ArgumentHelp("The entry's line (as `log --json` prints it), for an inclusion proof.", valueName: "file"),
                completion: .file())
        var entry: String?

        @Option(name: .long, help: ArgumentHelp("A signed checkpoint the proof must match.", valueName: "file"), completion: .file())
        var checkpoint: String?

        @Option(name: .long, help: ArgumentHelp("The log's verifier key, for --checkpoint.", valueName: "vkey"))
        var vkey: String?

        @OptionGroup var location: LedgerOptions

        func run() throws {
            let document = try ProofFile.read(proofFile)
            let anchor: Checkpoint? = try checkpoint.map { file in
                try Checkpoint.verify(note: NoteFile.read(file), logKey: LogKeyChoice.resolve(vkey: vkey, location: location)).checkpoint
            }
            do {
                switch document["type"]?.stringValue {
                case "consistency":
                    let proof = try ConsistencyProof(json: document)
                    try proof.verify()
                    if let anchor {
                        guard anchor.origin == proof.origin else {
                            throw LedgerError.checkpoint("the proof is for log \(proof.origin); the checkpoint is of log \(anchor.origin)")
                        }
                        let matches = (anchor.size == proof.firstSize && anchor.root == proof.firstRoot)
                            || (anchor.size == proof.secondSize && anchor.root == proof.secondRoot)
                        guard matches else { throw LedgerError.checkpoint("neither side of the proof matches the checkpoint (size \(anchor.size), root \(anchor.root.base64))") }
                    }
                    Console.out("valid: the tree of \(proof.secondSize) entries extends the tree of \(proof.firstSize)")
                default:
                    let proof = try InclusionProof(json: document)
                    try proof.verify(leaf: try entry.map(EntryLineFile.read))
                    if let anchor {
                        guard anchor.size == proof.treeSize, anchor.root == proof.rootHash, anchor.origin == proof.origin else {
                            throw LedgerError.checkpoint("the proof is for a tree of \(proof.treeSize) entries with root \(proof.rootHash.base64); "
                                + "the checkpoint has \(anchor.size) entries and root \(anchor.root.base64)")
                        }
                    }
                    let stated = entry == nil ? " (leaf hash as stated; give --entry to tie it to the entry's bytes)" : ""
                    Console.out("valid: entry \(proof.leafIndex) is in the tree of \(proof.treeSize) entries\(stated)")
                }
            } catch let error as LedgerError {
                Console.out("INVALID: \(error)")
                throw ExitStatus.integrityFailure
            }
            if anchor == nil {
                Console.note("note: the root is the proof's own; give --checkpoint to tie it to the log's signature")
            }
        }
    }
}

/// An entry line from a file: the bytes of its first line.
enum EntryLineFile {
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the file", code: .commandLineUnreadable) }
        var bytes = [UInt8](data)
        if let newline = bytes.firstIndex(of: 0x0A) { bytes.removeSubrange(newline...) }
        return bytes
    }
}
