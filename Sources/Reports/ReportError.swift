/// Why a report could not be made, with what to do about it.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
