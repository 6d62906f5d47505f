import ArgumentParser
import Ledger
import LedgerCrypto

/// `--key FILE` and `--passphrase-file FILE`: the private key that signs what a command writes.
struct SigningKeyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Private key (PEM) that signs the entry; must be mode 600.", valueName: "file"),
            completion: .file())
    var key: String

    @Option(name: .long, help: ArgumentHelp("File whose first line is the key's passphrase (else $TIERLEDGER_PASSPHRASE, else a prompt).",
                                            valueName: "file"),
            completion: .file())
    var passphraseFile: String?

    func load() throws -> PrivateKey {
        try SigningKeyOptions.load(key, passphraseFile: passphraseFile)
    }

    static func load(_ path: String, passphraseFile: String?) throws -> PrivateKey {
        let pem = try KeyFile.readPrivatePEM(path)
        let passphrase = PrivateKey.isEncrypted(pem: pem) ? try PassphraseSource(file: passphraseFile).unlock(path) : nil
        do {
            return try PrivateKey(pem: pem, passphrase: passphrase)
        } catch let error as LedgerCryptoError {
            throw LedgerError.keyFile(path: path, reason: error.description)
        }
    }
}

/// `--no-wait`: fail at once when another writer holds the ledger.
struct WaitOptions: ParsableArguments {
    @Flag(name: .long, help: "Fail at once, naming the holder, if another process is writing to the ledger.")
    var noWait = false

    var lockWait: LockWait {
        noWait ? .noWait : .wait(onWait: { holder in Console.note("waiting for the ledger's writer lock, held by \(holder)…") })
    }
}
