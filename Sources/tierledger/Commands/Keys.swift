import ArgumentParser
import Ledger
import LedgerCrypto

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate signing keys and show their ids.",
        discussion: """
            Examples:
              tierledger keys generate --out admin.pem
              tierledger keys generate --out deskbot.pem --algorithm p256
              tierledger keys show admin.pem.pub --vkey --name vendor.example/licensing

            \(ExitStatusHelp.group)
            """,
        subcommands: [Generate.self, Show.self]
    )
}

extension Keys {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a private key (mode 600) and its public key (FILE.pub).",
            discussion: """
                The private key is PKCS#8 PEM, encrypted with a passphrase (AES-256-CBC under scrypt) unless \
                --no-encrypt is given. The public key goes to FILE.pub, ready for `init` or for enrolment. \
                Neither file is ever overwritten. A new key's passphrase must be at least \(PassphraseSource.minimumNewBytes) \
                bytes (SECURITY.md, key handling); a few words will do.

                Examples:
                  tierledger keys generate --out admin.pem
                  tierledger keys generate --out deskbot.pem --algorithm p256
                  tierledger keys generate --out dana.pem --passphrase-file pass.txt
                  tierledger keys generate --out ci.pem --no-encrypt

                Exit status: 0 written, 2 usage or input error (the file exists, the passphrase is too \
                short, ...; nothing is written then).
                """
        )

        @Option(name: .long, help: ArgumentHelp("Where to write the private key.", valueName: "file"), completion: .file())
        var out: String

        @Option(name: .long, help: "ed25519 (default; required for a log key) or p256.")
        var algorithm: SignatureAlgorithm = .ed25519

        @Flag(name: .long, help: "Store the private key unencrypted (for tests and automation with other protection).")
        var noEncrypt = false

        @Option(name: .long, help: ArgumentHelp("File whose first line is the passphrase (else $TIERLEDGER_PASSPHRASE, else a prompt).",
                                                valueName: "file"), completion: .file())
        var passphraseFile: String?

        func run() throws {
            let key = try PrivateKey.generate(algorithm)
            let passphrase = noEncrypt ? nil : try PassphraseSource(file: passphraseFile).newPassphrase(for: out)
            try KeyFile.create(out, contents: try key.pem(passphrase: passphrase), mode: 0o600)
            try KeyFile.create(out + ".pub", contents: try key.publicKey.pem(), mode: 0o644)
            Console.out("private key: \(out) (\(algorithm.rawValue), \(noEncrypt ? "unencrypted" : "encrypted"), mode 600)")
            Console.out("public key:  \(out).pub")
            Console.out("key id:      \(key.publicKey.id.hex)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a key's algorithm, key id and public key.",
            discussion: """
                FILE may hold a public key or a private key; only public material is printed.

                Examples:
                  tierledger keys show admin.pem.pub
                  tierledger keys show admin.pem --json
                  tierledger keys show admin.pem.pub --vkey --name vendor.example/licensing
                  tierledger keys show w1.pem.pub --vkey --cosigner --name example.org/w1

                \(ExitStatusHelp.plain)
                """
        )

        @Argument(help: ArgumentHelp("A PEM key file.", valueName: "file"), completion: .file())
        var file: String

        @Option(name: .long, help: ArgumentHelp("Passphrase file, for an encrypted private key.", valueName: "file"),
                completion: .file())
        var passphraseFile: String?

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @Flag(name: .long, help: "Print the C2SP verifier key (vkey) instead; needs --name.")
        var vkey = false

        @Option(name: .long, help: ArgumentHelp("The key's name in signed notes: the ledger's origin for a log key, the witness's name for a witness key.",
                                                valueName: "name"))
        var name: String?

        @Flag(name: .long, help: "With --vkey: a witness's cosigner key (type 0x04) rather than a log key (0x01).")
        var cosigner = false

        func validate() throws {
            if vkey && name == nil { throw ValidationError("--vkey needs --name (the origin for a log key, the witness name for a witness key)") }
        }

        func run() throws {
            let key = try KeyFile.readPublicKey(file) { try PassphraseSource(file: passphraseFile).unlock(file) }
            if vkey, let name {
                guard key.algorithm == .ed25519 else { throw CLIError("verifier keys (vkeys) are for Ed25519 keys; this one is \(key.algorithm.rawValue)") }
                Console.exact(try VerifierKey(name: name, kind: cosigner ? .cosignatureV1 : .ed25519, publicKey: key).description)
                return
            }
            let pem = try key.pem()
            if json {
                Console.exact(String(decoding: CanonicalJSON.encode(.object([
                    "algorithm": .string(key.algorithm.rawValue),
                    "key_id": .string(key.id.hex),
                    "public_key_pem": .string(pem),
                ])), as: UTF8.self))
            } else {
                Console.out("algorithm: \(key.algorithm.rawValue)")
                Console.out("key id:    \(key.id.hex)")
                Console.exact(pem, terminator: "")
            }
        }
    }
}

extension SignatureAlgorithm: ExpressibleByArgument {}
