import Governance
import GovernanceService
import Ledger
import LedgerCrypto

/// A governed command's way to the ledger: the governed ledger, the signer's key, and how to wait
/// for the writer lock. Each write is signed at the command line's clock, and afterwards says what
/// the writer had to do on the way (a torn tail set aside, a clock behind the ledger).
struct GovernedWriter {
    let service: GovernanceService
    let key: PrivateKey
    let waiting: WaitOptions

    init(_ location: LedgerOptions, _ signing: SigningKeyOptions, _ waiting: WaitOptions) throws {
        key = try signing.load()
        service = try location.service()
        self.waiting = waiting
    }

    /// The request `id` names, as of now.
    func request(_ id: String) throws -> ChangeRequest { try service.request(try ChangeCommand.requestSeq(id)) }

    func write<W>(_ body: (GovernanceService.Signing) throws -> W, entry: (W) -> StoredEntry?, recovered: (W) -> TornTail?) throws -> W {
        let now = try Clock.now()
        let written = try body(GovernanceService.Signing(key: key, time: now, future: Clock.future, wait: waiting.lockWait))
        if let tail = recovered(written) { Console.note("\(Describe.recovered(tail))") }
        Clock.noteIfRaised(requested: now, stored: entry(written).map { [$0] } ?? [])
        return written
    }

    /// A write that records entries (`Recorded`); returns it with its first entry.
    func record(_ body: (GovernanceService.Signing) throws -> Recorded) throws -> (recorded: Recorded, entry: StoredEntry) {
        let recorded = try write(body, entry: \.entry, recovered: \.recoveredTail)
        guard let entry = recorded.entry else { throw CLIError("nothing was written", code: .serviceNothingWritten) }
        return (recorded, entry)
    }

    func change(_ body: (GovernanceService.Signing) throws -> GovernanceService.ChangeWritten) throws -> GovernanceService.ChangeWritten {
        try write(body, entry: \.entry, recovered: \.recovered)
    }

    func emergency(_ body: (GovernanceService.Signing) throws -> GovernanceService.EmergencyWritten) throws -> GovernanceService.EmergencyWritten {
        try write(body, entry: \.entry, recovered: \.recovered)
    }
}
