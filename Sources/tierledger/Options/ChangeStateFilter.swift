import ArgumentParser
import Governance

/// The states `change list --state` filters on: those of change requests and those of emergency
/// changes, as Governance defines them. Anything else is refused when the command line is parsed
/// (exit status 2), with this list.
struct ChangeStateFilter: ExpressibleByArgument {
    let rawValue: String

    init?(argument: String) {
        guard RequestStatus(rawValue: argument) != nil || EmergencyStatus(rawValue: argument) != nil else { return nil }
        rawValue = argument
    }

    static var allValueStrings: [String] { RequestStatus.allCases.map(\.rawValue) + EmergencyStatus.allCases.map(\.rawValue) }

    /// `pending, approved, …`, for help and errors.
    static var names: String { allValueStrings.joined(separator: ", ") }
}
