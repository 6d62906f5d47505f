/// A stable error code such as `LDG-006`: a module prefix and three digits that never change
/// meaning once released, with the class of the error and a general remedy.
///
/// Codes are declared once each, as `static let`s in one catalogue file per module
/// (`ErrorCode+<Module>.swift`); docs/errors.md lists them all, and a test keeps the two in step.
/// Two codes are equal when their `id`s are.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code itself, `PFX-nnn`.
    public let id: String
    /// Whose fault it is; what a server answers.
    public let errorClass: ErrorClass
    /// What to do about an error with this code, in general; the error's own message says it
    /// for the values at hand.
    public let remedy: String
    /// The HTTP status a server answers with: the class's, unless HTTP names the failure itself
    /// (413 for a body over the limit, 408 for one that never arrives, 405 for a wrong method).
    public let httpStatus: Int

    public init(_ id: String, _ errorClass: ErrorClass, status: Int? = nil, remedy: String) {
        self.id = id
        self.errorClass = errorClass
        self.remedy = remedy
        self.httpStatus = status ?? errorClass.httpStatus
    }

    public var description: String { id }

    public static func == (lhs: ErrorCode, rhs: ErrorCode) -> Bool { lhs.id == rhs.id }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
