import ArgumentParser
import GovernanceService
import Ledger
import LedgerCrypto
import PostgresStore

/// The exit statuses: 0 success, 1 integrity failure (a damaged ledger, a checkpoint or proof that
/// does not check out), 2 usage or input error.
enum ExitStatus {
    static let integrityFailure = ExitCode(1)
    static let usageOrInput = ExitCode(2)

    /// Prints what the user needs to know about `error`, as `error[CODE]: message` (with `json`, as
    /// one JSON object with the code, class and remedy), and returns the exit code to leave with:
    /// 1 for an integrity failure, 2 for everything else.
    static func translate(_ error: Error, json: Bool = false) -> Error {
        if error is ExitCode { return error }
        if let error = error as? any CodedError {
            var text = error.description
            if case LedgerError.timeAhead = error {
                text += " (the clock is \(Clock.variable) when set; with \(Clock.allowFutureVariable)=1 "
                    + "a write may be dated ahead, for an import of records that carry their own later times)"
            }
            if json {
                Console.errorJSON(error.errorJSON, message: text)
            } else {
                Console.error(error.errorCode, text)
            }
            return exitCode(for: error.errorClass)
        }
        let parserStatus = TierLedger.exitCode(for: error)
        if parserStatus == .success { return error }
        // The argument parser's own errors are usage errors, in its words (with the usage line);
        // anything else is an error no code covers yet.
        let code: ErrorCode = parserStatus == .validationFailure ? .commandLineUsage : .commandLineUncoded
        var message = TierLedger.fullMessage(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        if json {
            Console.errorJSON(CLIError(message, code: code).errorJSON, message: message)
        } else {
            Console.error(code, message)
        }
        return usageOrInput
    }

    /// The exit status for an error of class `errorClass`.
    static func exitCode(for errorClass: ErrorClass) -> ExitCode {
        errorClass == .integrity ? integrityFailure : usageOrInput
    }
}
