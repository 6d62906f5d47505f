import ArgumentParser
import Ledger
import LedgerCrypto

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new ledger: its config and the signed genesis entry.",
        discussion: """
            The genesis entry (entry 0, type ledger.init) records the origin, the log key that will sign \
            checkpoints, and the first admin and its key, which signs the entry. The admin key is also the \
            log key unless --log-key is given; a log key must be Ed25519.

            Examples:
              tierledger init --origin vendor.example/licensing --key admin.pem
              tierledger init --ledger /srv/ledger --origin vendor.example/licensing \\
                  --key admin.pem --log-key log.pem

            Exit status: 0 created, 2 usage or input error (a ledger already there, an unusable key).
            """
    )

    @OptionGroup var location: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("The ledger's name in checkpoints, e.g. vendor.example/licensing.", valueName: "name"))
    var origin: String

    @OptionGroup var signing: SigningKeyOptions

    @Option(name: .long, help: ArgumentHelp("Log key (public or private PEM) if not the admin key.", valueName: "file"),
            completion: .file())
    var logKey: String?

    @Option(name: .long, help: ArgumentHelp("The first admin's principal name.", valueName: "name"))
    var adminName = "admin"

    func run() throws {
        let admin = try signing.load()
        let log: PublicKey
        if let logKey {
            log = try KeyFile.readPublicKey(logKey) { try PassphraseSource(file: signing.passphraseFile).unlock(logKey) }
        } else {
            guard admin.algorithm == .ed25519 else {
                throw CLIError("the admin key is P-256 but the log key must be Ed25519; give --log-key with an Ed25519 key")
            }
            log = admin.publicKey
        }
        let (ledger, genesis) = try location.factory().create(origin: origin, admin: admin, adminName: adminName, logKey: log,
                                                              time: try Clock.now(), future: Clock.future)
        Console.out("created ledger \(ledger.location) (origin \(origin))")
        Console.out("entry 0: ledger.init, sha256 \(genesis.hash.hex)")
        Console.out("admin \(adminName): key \(admin.publicKey.id.hex)")
        Console.out("log key: \(log.id.hex)")
    }
}
