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

    /// Prints what the user needs to know about `error` and returns the exit code to leave with.
    static func translate(_ error: Error) -> Error {
        if error is ExitCode { return error }
        switch error {
        case let error as LedgerError:
            if case .timeAhead = error {
                Console.error(error.description + " (the clock is \(Clock.variable) when set; with \(Clock.allowFutureVariable)=1 "
                    + "a write may be dated ahead, for an import of records that carry their own later times)")
                return usageOrInput
            }
            Console.error(error.description)
            switch error {
            case .damaged, .checkpoint: return integrityFailure
            default: break
            }
            return usageOrInput
        case let error as LedgerCryptoError:
            Console.error(error.description)
            return usageOrInput
        case let error as CLIError:
            Console.error(error.description)
            return usageOrInput
        case let error as ServiceError:
            Console.error(error.description)
            return usageOrInput
        case let error as PostgresStoreError:
            Console.error(error.description)
            return usageOrInput
        default:
            let code = TierLedger.exitCode(for: error)
            if code == .success { return error }
            Console.error(TierLedger.fullMessage(for: error))
            return usageOrInput
        }
    }
}

/// Problems found by the command-line layer itself (arguments that parse but make no sense).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
