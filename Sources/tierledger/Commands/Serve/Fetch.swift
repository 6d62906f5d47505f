import ArgumentParser
import Foundation
import Governance
import Ledger
import LedgerCrypto
import Server

/// `tierledger fetch PATH`: one authenticated read from a served ledger, printed as the server sends it.
struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read from a served ledger as staff (a signed request) or as a customer (a token), and print the JSON.",
        discussion: """
            With --key, the request is signed with that enrolled key (HTTP Message Signatures, RFC 9421); \
            the server answers with what that principal may read. With --token-file (or $TIERLEDGER_TOKEN), \
            the request carries the customer's bearer token and reads only that customer's records. \
            docs/server.md lists every path and who may read it.

            Examples:
              tierledger fetch /changes?state=pending --server http://127.0.0.1:8080 \\
                  --key dana.pem
              tierledger fetch /approvals/pending --key dana.pem
              tierledger fetch /licenses/ACME-1 --token-file acme.token
              tierledger fetch /licenses/ACME-1/sla?month=2026-03 --token-file acme.token

            Exit status: 0 on a 2xx answer; 2 when the server refuses (its code and message on stderr) \
            or on a usage or input error (a bad path or URL, an unreadable key or token file).
            """)

    @Argument(help: ArgumentHelp("The path, with any query, e.g. /licenses/ACME-1?as_of=2026-06-30.", valueName: "path")) var path: String
    @OptionGroup var server: ServerOptions
    @Option(name: .long, help: ArgumentHelp("Sign the request with this enrolled private key (staff).", valueName: "file"), completion: .file())
    var key: String?
    @Option(name: .long, help: ArgumentHelp("File whose first line is the key's passphrase.", valueName: "file"), completion: .file())
    var passphraseFile: String?
    @Option(name: .long, help: ArgumentHelp("File holding a customer's bearer token (else $TIERLEDGER_TOKEN).", valueName: "file"), completion: .file())
    var tokenFile: String?

    func validate() throws {
        guard path.hasPrefix("/") else { throw ValidationError("the path starts with '/', e.g. /whoami; got \"\(path)\"") }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7E }) else {
            throw ValidationError("the path must be printable ASCII without spaces; percent-encode anything else")
        }
        if key != nil && tokenFile != nil { throw ValidationError("give --key (staff) or --token-file (customer), not both") }
    }

    func run() throws {
        guard let url = server.url else { throw ValidationError("give --server URL (or set $TIERLEDGER_SERVER)") }
        let credentials: LedgerClient.Credentials
        if let key {
            credentials = .key(try SigningKeyOptions.load(key, passphraseFile: passphraseFile))
        } else if let text = try token() {
            credentials = .token(text)
        } else {
            credentials = .none
        }
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let target = String(parts[0])
        let query = parts.count > 1 ? String(parts[1]) : nil
        do {
            let client = try LedgerClient(url, credentials: credentials)
            let body = try BlockingTask.run { try await client.get(target, query: query) }
            let text = String(decoding: body, as: UTF8.self)
            Console.exact(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        } catch let error as ClientError {
            throw CLIError(error.description, keeping: error)
        }
    }

    private func token() throws -> String? {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw CLIError("cannot read the token file \(tokenFile); check the path and its permissions", code: .commandLineInput)
            }
            let first = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
            guard TokenText.id(of: first) != nil else {
                throw CLIError("\(tokenFile) does not hold a tierledger token (tlt_…) on its first line", code: .commandLineInput)
            }
            return first
        }
        guard let text = ProcessInfo.processInfo.environment["TIERLEDGER_TOKEN"], !text.isEmpty else { return nil }
        return text
    }
}
