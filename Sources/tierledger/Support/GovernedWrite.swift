import Governance
import GovernanceService
import Ledger
import LedgerCrypto

/// Appends one entry signed by `key`, after the governance rules accept it (nothing is written
/// otherwise), at the command line's clock; notes a torn tail it recovered on the way.
enum GovernedWrite {
    static func one(_ type: String, _ body: JSONValue, key: PrivateKey, service: GovernanceService, waiting: WaitOptions) throws -> StoredEntry {
        try oneReturningState(type, body, key: key, service: service, waiting: waiting).stored
    }

    /// `one`, also returning the governance state right after the entry, for commands that report
    /// what it changed (no second replay of the ledger).
    static func oneReturningState(_ type: String, _ body: JSONValue, key: PrivateKey, service: GovernanceService,
                                  waiting: WaitOptions) throws -> (stored: StoredEntry, state: GovernanceState) {
        let now = try Clock.now()
        let result = try service.record(type, body, signedBy: key, at: now, future: Clock.future, wait: waiting.lockWait)
        if let tail = result.recoveredTail { Console.note("\(Describe.recovered(tail))") }
        Clock.noteIfRaised(requested: now, stored: result.entries)
        guard let stored = result.entries.first else { throw CLIError("nothing was written") }
        return (stored, result.state)
    }
}
