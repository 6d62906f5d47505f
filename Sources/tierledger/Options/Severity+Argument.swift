import ArgumentParser
import Governance

/// `--severity` and `--priority` take `sev1` to `sev4`; anything else is refused when the command
/// line is parsed (exit status 2), with the list.
extension Severity: ExpressibleByArgument {}
