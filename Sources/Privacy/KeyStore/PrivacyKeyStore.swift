/// Where subjects' wrapped data keys live, beside the append-only ledger: the one mutable store.
///
/// Unlike the ledger, it is rewritten: erasing a subject removes its key. A store replaces its
/// contents whole and durably (after `write` returns, a crash leaves the new contents; during it,
/// the old ones), and runs `withLock` bodies one at a time across processes. `FileKeyStore` is the
/// file implementation; a database table is the other shape this seam is made for (one row per
/// subject, a transaction per write).
public protocol PrivacyKeyStore: Sendable {
    /// Names the store in messages (a path, a URL without its password).
    var location: String { get }
    /// The contents, or nil when no key store exists yet.
    func read() throws -> KeyStoreContents?
    /// Replaces the contents whole and durably.
    func write(_ contents: KeyStoreContents) throws
    /// Runs `body` as the store's only writer.
    func withLock<R>(_ body: () throws -> R) throws -> R
}
