import ArgumentParser
import Foundation
import PostgresStore
import Privacy

/// `--master-key-file FILE` and `--key-store FILE`: what opens a ledger's personal data.
struct PrivacyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("File (mode 600) holding the 64-hex-digit master key (else $TIERLEDGER_MASTER_KEY).",
                                            valueName: "file"),
            completion: .file())
    var masterKeyFile: String?

    @Option(name: .long, help: ArgumentHelp("The key store file (default: $TIERLEDGER_KEY_STORE, else privacy-keys.json in the ledger directory).",
                                            valueName: "file"),
            completion: .file())
    var keyStore: String?

    /// The master key from the file, else the environment.
    func master() throws -> MasterKey {
        try MasterKey.load(file: masterKeyFile, environment: ProcessInfo.processInfo.environment)
    }

    /// The key store beside the ledger at `location`.
    func store(for location: LedgerOptions) throws -> FileKeyStore {
        if let keyStore { return FileKeyStore(path: keyStore) }
        if let path = ProcessInfo.processInfo.environment["TIERLEDGER_KEY_STORE"] { return FileKeyStore(path: path) }
        guard !PostgresLocation.isURL(location.directory) else {
            throw PrivacyError(.privacyKeyStorePlace, "a ledger in PostgreSQL has no directory to keep its key store in; give --key-store FILE")
        }
        return FileKeyStore(path: location.directory + "/" + Self.defaultName)
    }

    /// The key store's name in a ledger directory.
    static let defaultName = "privacy-keys.json"
}
