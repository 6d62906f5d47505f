import Foundation
import Ledger
import LedgerCrypto
import Server

/// `append --server URL`: the entries are built and signed here, exactly as for a local ledger,
/// on the head the server reports, and posted; the server admits them under its rules.
enum RemoteAppend {
    static func run(_ drafts: [EntryDraft], url: String, signing: SigningKeyOptions) throws -> [(seq: Int64, hash: String, line: [UInt8])] {
        let client = try client(url)
        let key = try signing.load()
        do {
            return try BlockingTask.run {
                try await client.append(drafts, signedBy: key, at: { try Clock.now() })
            }
        } catch let error as ClientError {
            throw CLIError(error.description)
        }
    }

    private static func client(_ url: String) throws -> LedgerClient {
        do { return try LedgerClient(url) } catch let error as ClientError { throw CLIError(error.description) }
    }
}
