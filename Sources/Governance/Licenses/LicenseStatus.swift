/// Where a license stands at a moment: its recorded status, or `expired` from its term end (which
/// no entry records; it follows from time).
public enum LicenseStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    case active, suspended, expired, terminated

    public var description: String { rawValue }
}
