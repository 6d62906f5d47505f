import Governance
import Ledger

extension GovernanceService {
    /// Admits entries built and signed by someone else (a client of the server, signing on their
    /// own machine), given as their exact canonical lines: under the store's writer, through the
    /// same rules as `record` (authority, workflow, expiry, distinctness). Throws `ChainConflict`
    /// when they were built on a head that is no longer the ledger's, `SignedLineRefusal` when a
    /// line is malformed or refused by the rules; nothing is written then.
    public func admitSigned(_ lines: [[UInt8]], future: FutureTimes = .refused, wait: LockWait = .noWait) throws -> Recorded {
        try withKnown { known in
            let result = try store.appendSigned(lines, after: known, wait: wait, future: future)
            known = result.state
            return Recorded(entries: result.entries, recoveredTail: result.recoveredTail, state: result.state.state)
        }
    }
}
