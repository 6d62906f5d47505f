import ArgumentParser
import Foundation
import Governance
import Ledger
import LedgerCrypto
import Server

/// A decision on a change request through a served ledger (`change approve|reject|apply|withdraw
/// --server URL`): the request is read with a signed `GET /changes/{id}`, shown for confirmation,
/// and the decision entry is built and signed here on the server's head and posted. When another
/// writer moves the head first, it is signed again on the new head; the server's rules then accept
/// it or refuse it (a step already filled, a request already decided) with their own code.
enum RemoteChange {
    /// A change request as the server describes it.
    struct Request {
        let id: String
        let seq: Int64
        let proposal: Digest
        let openStep: Int?
        let policy: String
        let state: String
        let license: String
        let summary: [String]
    }

    static func read(_ id: String, client: LedgerClient) throws -> Request {
        let document: JSONValue
        do {
            let body = try BlockingTask.run { try await client.get("/changes/" + id) }
            document = try JSONParser.parse(body)
        } catch let error as ClientError {
            throw CLIError(error.description, keeping: error)
        }
        guard let seq = document["seq"]?.integerValue, let proposal = document["proposal"]?.stringValue.flatMap(Digest.init(hex:)),
              let policy = document["policy_in_force"]?.stringValue, let state = document["state"]?.stringValue
        else { throw CLIError("the server's description of \(id) lacks seq, proposal, state or policy_in_force; is it the same version?", code: .serverUnexpected) }
        return Request(id: document["id"]?.stringValue ?? id, seq: seq, proposal: proposal, openStep: document["open_step"]?.integerValue.map(Int.init),
                       policy: policy, state: state, license: document["license"]?.stringValue ?? "",
                       summary: document["summary"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// Reads `id`, confirms `action` unless `yes`, and posts the entry `draft` builds; returns its receipt.
    static func decide(_ id: String, url: String, signing: SigningKeyOptions, action: String, yes: Bool,
                       draft: (Request) throws -> EntryDraft) throws -> (request: Request, seq: Int64) {
        let key = try signing.load()
        let client: LedgerClient
        do { client = try LedgerClient(url, credentials: .key(key)) } catch let error as ClientError { throw CLIError(error.description, keeping: error) }
        let request = try read(id, client: client)
        if !yes {
            for line in request.summary { Console.note("\(line)") }
            guard let answer = TerminalPrompt.readLine("Type \(request.id) to \(action) it: ") else {
                throw CLIError("no terminal to confirm on; read `tierledger fetch /changes/\(request.id) --server URL --key KEY` and give --yes",
                               code: .commandLineNotConfirmed)
            }
            guard answer.trimmingCharacters(in: .whitespaces) == request.id else { throw CLIError("not confirmed; nothing was written", code: .commandLineNotConfirmed) }
        }
        let entry = try draft(request)
        do {
            let written = try BlockingTask.run { try await client.append([entry], signedBy: key, at: { try Clock.now() }) }
            guard let first = written.first else { throw CLIError("the server wrote nothing", code: .serverUnexpected) }
            return (request, first.seq)
        } catch let error as ClientError {
            throw CLIError(error.description, keeping: error)
        }
    }
}
