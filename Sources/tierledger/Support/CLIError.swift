import LedgerCrypto

/// Problems found by the command-line layer itself (arguments that parse but make no sense), and
/// library errors the command line rewords, which keep their codes.
struct CLIError: CodedError {
    let description: String
    let errorCode: ErrorCode

    init(_ description: String, code: ErrorCode = .commandLineInput) {
        self.description = description
        self.errorCode = code
    }

    /// `error` in the command line's words (`description`), with `error`'s code.
    init(_ description: String, keeping error: any CodedError) {
        self.init(description, code: error.errorCode)
    }
}
