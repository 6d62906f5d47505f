import LedgerCrypto

/// The codes of the command line's own errors (`CLI-…`). Errors from the libraries keep their
/// own codes when the command line rewords them.
extension ErrorCode {
    /// The arguments do not parse: an unknown subcommand or option, a missing or malformed value.
    static let commandLineUsage = ErrorCode("CLI-001", .input,
        remedy: "see the command's --help for its arguments and examples")
    /// The arguments parse but make no sense together, or a file given holds the wrong thing.
    static let commandLineInput = ErrorCode("CLI-002", .input,
        remedy: "correct the argument or file as the message says")
    /// A file named on the command line cannot be read.
    static let commandLineUnreadable = ErrorCode("CLI-003", .input,
        remedy: "check the path and its permissions")
    /// A decision was not confirmed, or there is no terminal to confirm it on.
    static let commandLineNotConfirmed = ErrorCode("CLI-004", .input,
        remedy: "type the request id when asked, or give --yes after reading `tierledger change show`")
    /// The environment gives a value that is not usable (the clock override, a passphrase).
    static let commandLineEnvironment = ErrorCode("CLI-005", .input,
        remedy: "correct or unset the variable the message names")
    /// An error without a code of its own (from the system or a library) reached the command line.
    static let commandLineUncoded = ErrorCode("CLI-006", .internal,
        remedy: "the message says what failed; fix that if you can, and report it so that it gets a code of its own")
}
