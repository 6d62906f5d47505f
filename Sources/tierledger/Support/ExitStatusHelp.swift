/// The "Exit status:" line of each command's `--help`, one wording per kind of command, so that
/// the statuses `ExitStatus` maps errors to are described the same way everywhere.
enum ExitStatusHelp {
    /// Commands that touch no ledger.
    static let plain = "Exit status: 0 success, 2 usage or input error."
    /// Commands that read the ledger.
    static let reads = "Exit status: 0 success, 1 the ledger is damaged (`tierledger verify` names the entry), 2 usage or input error."
    /// Commands that append to the ledger.
    static let writes = "Exit status: 0 written, 1 the ledger is damaged (`tierledger verify` names the entry), "
        + "2 usage or input error, or the entry was refused (nothing is written then)."
    /// Commands that only group subcommands.
    static let group = "Exit status: that of the subcommand run: 0 success, 1 integrity failure, 2 usage or input error."
}
