import ArgumentParser
import Ledger

struct Recover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a torn tail left by a crash into quarantine/.",
        discussion: """
            A write cut short (power loss, kill -9) can leave bytes after the last newline. They were never \
            acknowledged. This command, like every write, copies them to quarantine/ (durably) and then \
            removes them from entries.jsonl. Nothing else is ever changed.

            Examples:
              tierledger recover
              tierledger recover --ledger /srv/ledger --no-wait

            Exit status: 0 recovered or nothing to recover, 2 usage or input error (another writer holds \
            the lock, with --no-wait).
            """
    )

    @OptionGroup var location: LedgerOptions
    @OptionGroup var waiting: WaitOptions

    func run() throws {
        let ledger = try location.open()
        if let tail = try ledger.recover(waiting.lockWait) {
            Console.out("\(Describe.recovered(tail))")
        } else {
            Console.out("nothing to recover: entries.jsonl ends with a complete entry")
        }
    }
}
