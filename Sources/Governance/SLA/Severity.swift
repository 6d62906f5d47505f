/// The severity of an incident, or the priority of a support ticket: `sev1` (the most severe: an
/// outage, which counts against uptime) to `sev4`. Every tier's SLA sets a first-response and a
/// resolution target for each (docs/policy-reference.md); entries carry the raw value.
public enum Severity: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case sev1, sev2, sev3, sev4

    /// True for the severities that take the service down: they count against uptime.
    public var isOutage: Bool { self == .sev1 }

    public var description: String { rawValue }

    /// `sev1` first.
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    /// "sev1, sev2, sev3, sev4", for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
