import ArgumentParser
import Foundation

/// `--server URL`: write through a served ledger (`tierledger serve`) instead of a local directory.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A served ledger to post to (default: $TIERLEDGER_SERVER); entries are still signed here.",
                                            valueName: "url"))
    var server: String?

    /// The URL to use, if any.
    var url: String? {
        server ?? ProcessInfo.processInfo.environment["TIERLEDGER_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
