import Governance
import Ledger
import LedgerCrypto

/// Appends one entry signed by `key`, after the governance rules accept it (nothing is written
/// otherwise), at the command line's clock; notes a torn tail it recovered on the way.
enum GovernedWrite {
    static func one(_ type: String, _ body: JSONValue, key: PrivateKey, ledger: FileLedger, waiting: WaitOptions) throws -> StoredEntry {
        let result = try ledger.append([EntryDraft(type: type, body: body)], signedBy: key, authority: GovernanceState(),
                                       wait: waiting.lockWait, at: try Clock.now())
        if let tail = result.recoveredTail { Console.note(Describe.recovered(tail)) }
        guard let stored = result.entries.first else { throw CLIError("nothing was written") }
        return stored
    }
}
